package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A program compiled for Java 17 that calls {@code Sandbox.builder()}, run by a
 * JDK older than 22 found on this machine with the built (multi-release) jar
 * on its class path: it gets one error naming Java 22 and the JVM it ran on,
 * not {@code UnsupportedClassVersionError: ... class file version 66.0}. The
 * same program on this JDK runs its sandbox, so the jar's Java 22 classes are
 * the ones a current JVM loads.
 */
class OldJdkIT {
    private static final Path WORK = Path.of("target", "old-jdk-it");
    private static final String CONSUMER = """
            import dev.sandbox4j.Sandbox;
            import dev.sandbox4j.SandboxProcess;

            public class Consumer {
                public static void main(String[] args) throws Exception {
                    try (SandboxProcess p = Sandbox.builder().command("/bin/echo", "ran inside").build().start()) {
                        System.out.print(new String(p.getInputStream().readAllBytes()));
                        System.out.println("exit " + p.result().join().exitCode().orElse(-1));
                    }
                }
            }
            """;

    @Test
    void aJdkOlderThan22GetsOneClearErrorNamingTheVersion() throws Exception {
        Path oldJava = olderJdk();
        assumeThat(oldJava).as("a JDK older than 22 in /usr/lib/jvm (Debian's openjdk-17-jre-headless)").isNotNull();
        String classPath = compileConsumer();

        Run old = run(List.of(oldJava.toString(), "-cp", classPath, "Consumer"));
        assertThat(old.exit()).as(old.output()).isEqualTo(1);
        assertThat(old.output()).as(old.output())
                .contains("sandbox4j needs Java 22 or newer")
                .contains("this JVM is Java " + version(oldJava.getParent().getParent()))
                .doesNotContain("class file version")
                .doesNotContain("ExceptionInInitializerError");

        Run current = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "Consumer"));
        assertThat(current.output()).as(current.output()).isEqualTo("ran inside\nexit 0\n");
    }

    /** The consumer compiled for Java 17, then the class path it runs with: it and the library's jars. */
    private static String compileConsumer() throws IOException, InterruptedException {
        Path src = WORK.resolve("src/Consumer.java"), out = WORK.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.writeString(src, CONSUMER);
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().matches("sandbox-(fs|cgroups)-.*\\.jar")
                    || (e.contains("sandbox-fs") || e.contains("sandbox-cgroups")) && Files.isDirectory(Path.of(e))) {
                jars.add(e);
            }
        }
        jars.add(coreJar().toString());
        String classPath = String.join(File.pathSeparator, jars);
        Run javac = run(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-Xlint:-options", "--release", "17", "-cp", "target/classes", "-d", out.toString(), src.toString()));
        assertThat(javac.exit()).as(javac.output()).isZero();
        return out + File.pathSeparator + classPath;
    }

    /** The jar mvn package built (failsafe runs after it), not the sources or javadoc jar. */
    private static Path coreJar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().matches("sandbox-core-[^-]+(-SNAPSHOT)?\\.jar"))
                    .toList();
            assertThat(jars).as("the built sandbox-core jar in target/").hasSize(1);
            return jars.getFirst();
        }
    }

    private static Path olderJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> s = Files.list(jvms)) {
            for (Path home : s.sorted().toList()) {
                String v = version(home);
                if (!Files.isSymbolicLink(home) && Files.isExecutable(home.resolve("bin/java")) && !v.isEmpty()
                        && Integer.parseInt(v.split("[.+-]")[0]) < 22) {
                    return home.resolve("bin/java");
                }
            }
        }
        return null;
    }

    /** JAVA_VERSION of a JDK's release file ("17.0.15"), or "" without one. */
    private static String version(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isReadable(release)) {
            return "";
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                return line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        return "";
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
