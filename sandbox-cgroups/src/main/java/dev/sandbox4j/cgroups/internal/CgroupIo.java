package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.CgroupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** cgroupfs reads and writes that turn an IOException into a {@link CgroupException} naming the file and value. */
public final class CgroupIo {

    private CgroupIo() {
    }

    public static void write(CgroupFs fs, Path file, String value) throws CgroupException {
        try {
            fs.write(file, value);
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED,
                    "cannot write '" + value + "' to " + file + ": " + reason(e), e);
        }
    }

    public static String read(CgroupFs fs, Path file) throws CgroupException {
        try {
            return fs.read(file);
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, "cannot read " + file + ": " + reason(e), e);
        }
    }

    /** A file holding one number; empty when the file is absent (an older kernel or an unused controller). */
    public static OptionalLong readLongIfPresent(CgroupFs fs, Path file) throws CgroupException {
        if (!fs.exists(file)) {
            return OptionalLong.empty();
        }
        String s = read(fs, file).trim();
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // e.g. "max"
        }
    }

    public static KeyValues readKeyValuesIfPresent(CgroupFs fs, Path file) throws CgroupException {
        return fs.exists(file) ? KeyValues.parse(read(fs, file)) : KeyValues.parse("");
    }

    /** The pids listed in a {@code cgroup.procs} file. */
    public static List<Long> readPids(CgroupFs fs, Path procsFile) throws CgroupException {
        List<Long> pids = new ArrayList<>();
        for (String line : read(fs, procsFile).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    public static String reason(IOException e) {
        String cls = e.getClass().getSimpleName();
        return e.getMessage() == null ? cls : cls + " " + e.getMessage();
    }
}
