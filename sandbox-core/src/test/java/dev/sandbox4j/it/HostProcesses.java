package dev.sandbox4j.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the host sees, read from /proc. */
public final class HostProcesses {
    private HostProcesses() {}

    /** Pids of live (non-zombie) host processes with {@code arg} among their arguments. */
    public static List<Long> withArgument(String arg) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> hasArgument(p, arg) && !isZombie(p))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    private static boolean hasArgument(Path proc, String arg) {
        try {
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return List.of(cmdline.split("\0")).contains(arg);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private static boolean isZombie(Path proc) {
        try {
            return Files.readString(proc.resolve("stat")).replaceFirst("^.*\\) ", "").startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    public static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
