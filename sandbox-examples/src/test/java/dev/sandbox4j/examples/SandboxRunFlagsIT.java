package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --version}, {@code --verbose}, {@code --result-json -} and {@code --probe --json}. */
class SandboxRunFlagsIT {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SandboxRun.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseJson(String text) throws Exception {
        // the project's own minimal JSON parser (sandbox-fs, for OCI manifests), reached from the class path
        Method parse = Class.forName("dev.sandbox4j.fs.internal.MiniJson").getDeclaredMethod("parse", String.class);
        parse.setAccessible(true);
        return (Map<String, Object>) parse.invoke(null, text);
    }

    @Test
    void versionNamesTheLibrarysVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out()).matches("sandbox-run (\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?) \\(sandbox4j \\1, Java .*\\)\\n");
    }

    @Test
    void resultJsonDashWritesToStandardOutputAndNoFile() throws Exception {
        assertThat(run("--result-json", "-", "--", "/bin/sh", "-c", "exit 4")).isEqualTo(4);
        Map<String, Object> json = parseJson(out().strip());
        assertThat(json).containsEntry("status", "EXITED").containsEntry("exitCode", 4.0);
        assertThat(Files.exists(Path.of("-"))).as("no file named '-'").isFalse();
    }

    @Test
    void verboseSaysWhatTheSandboxGets() {
        assertThat(run("--verbose", "--hostname", "box", "--tmpfs", "/work", "--", "/bin/true")).isZero();
        List<String> lines = err().lines().toList();
        assertThat(lines).contains("sandbox-run: command: [/bin/true]",
                "sandbox-run: namespaces: new user pid mnt net uts ipc cgroup time", "sandbox-run: hostname: box",
                "sandbox-run: cgroup: none (no limit, no accounting)");
        assertThat(lines).anyMatch(l -> l.matches("sandbox-run: ids: uid 0 / gid 0 inside = host uid \\d+ / gid \\d+ .*"));
        assertThat(lines).anyMatch(l -> l.startsWith("sandbox-run: mount: ") && l.contains("/work"));
        assertThat(lines).anyMatch(l -> l.startsWith("sandbox-run: seccomp: the default profile ("));
        assertThat(lines).anyMatch(l -> l.startsWith("sandbox-run: capabilities: none, no_new_privs on"));
        assertThat(lines).anyMatch(l -> l.matches("sandbox-run: started: program pid \\d+ on the host(, init pid \\d+| \\(already over\\))"));
    }

    @Test
    void verboseShowsSharedNamespacesAndLimits() {
        assertThat(run("--verbose", "--share-net", "--rlimit", "nofile=64:64", "--", "/bin/true")).isZero();
        assertThat(err()).contains("shared with the host net").contains("nofile 64:64");
    }

    @Test
    void probeJsonParses() throws Exception {
        assertThat(run("--probe", "--json")).isZero();
        Map<String, Object> json = parseJson(out().strip());
        assertThat(json).containsKeys("kernel", "root", "namespaces", "sysctls", "facts");
    }
}
