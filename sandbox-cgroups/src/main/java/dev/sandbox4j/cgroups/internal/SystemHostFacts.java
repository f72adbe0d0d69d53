package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.BlockDevice;
import dev.sandbox4j.cgroups.HostFacts;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.ProcFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link HostFacts} of the running host; memory and CPU count are read once, devices on each lookup. */
public final class SystemHostFacts implements HostFacts {

    public static final SystemHostFacts INSTANCE = new SystemHostFacts();

    private static final Pattern MAJ_MIN = Pattern.compile("(\\d{1,9}):(\\d{1,9})");
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private volatile MemorySize memTotal;
    private volatile int cpuCount;

    private SystemHostFacts() {
    }

    @Override
    public MemorySize memTotal() {
        MemorySize m = memTotal;
        if (m == null) {
            memTotal = m = readMemTotal(Path.of("/proc/meminfo"));
        }
        return m;
    }

    static MemorySize readMemTotal(Path meminfo) {
        try {
            for (String line : ProcFile.read(meminfo).split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    String kb = line.substring(9).trim().split("\\s+")[0];
                    return MemorySize.ofBytes(Long.parseLong(kb) * 1024);
                }
            }
            throw new IllegalStateException("no MemTotal line in " + meminfo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meminfo, e);
        }
    }

    @Override
    public int cpuCount() {
        int n = cpuCount;
        if (n == 0) {
            cpuCount = n = readCpuCount();
        }
        return n;
    }

    private static int readCpuCount() {
        try {
            return CpuList.parse(ProcFile.value(Path.of("/sys/devices/system/cpu/online"))).maxCpu() + 1;
        } catch (IOException | IllegalArgumentException e) {
            // Without sysfs the JVM's view is the best we have.
            return Runtime.getRuntime().availableProcessors();
        }
    }

    @Override
    public Optional<BlockDevice> blockDevice(String spec) {
        Matcher m = MAJ_MIN.matcher(spec);
        if (m.matches()) {
            BlockDevice d = new BlockDevice(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            return Files.exists(Path.of("/sys/dev/block", d.toString())) ? Optional.of(d) : Optional.empty();
        }
        Path p = Path.of(spec);
        if (!p.isAbsolute()) {
            return Optional.empty();
        }
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if ((mode & S_IFMT) != S_IFBLK) {
                return Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(p, "unix:rdev");
            return Optional.of(decodeRdev(rdev));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** glibc's gnu_dev_major/gnu_dev_minor. */
    static BlockDevice decodeRdev(long rdev) {
        long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xffL) | ((rdev >>> 12) & ~0xffL);
        return new BlockDevice((int) major, (int) minor);
    }
}
