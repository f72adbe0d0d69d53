package dev.sandbox4j.it.cgroups;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.it.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Runs this test JVM's own {@code java} (from {@code java.home}) inside a sandbox on {@link Main}, which prints
 * {@code Runtime.maxMemory()} and {@code availableProcessors()}. The class is copied to a world-readable
 * directory bound read-only at {@value #DIR}, so the sandbox's unprivileged uid can read it wherever the build is.
 */
final class JvmProbe {
    private JvmProbe() {}

    static final String DIR = "/tmp/jvmprobe";
    private static Path classes;

    /** {maxMemory, availableProcessors} as printed inside. */
    static long[] run(SandboxBuilder b) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run run = Run.of(b.bindReadOnly(classes(), DIR).command(java, "-Xshare:auto", "-cp", DIR, Main.class.getName()));
        if (!run.result().succeeded() || !run.stdout().matches("\\d+ \\d+\n")) {
            throw new AssertionError("the JVM inside failed: " + run);
        }
        String[] f = run.stdout().strip().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    private static synchronized Path classes() throws IOException {
        if (classes != null) {
            return classes;
        }
        Path dir = Files.createTempDirectory("sandbox4j-jvmprobe",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String rel = Main.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
        try (InputStream in = JvmProbe.class.getClassLoader().getResourceAsStream(rel)) {
            Files.copy(in, file);
        }
        for (Path p = file; !p.equals(dir); p = p.getParent()) { // createDirectories applied the umask
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }));
        classes = dir;
        return dir;
    }

    /** The program run inside: no dependency beyond java.base. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println(Runtime.getRuntime().maxMemory() + " " + Runtime.getRuntime().availableProcessors());
        }
    }
}
