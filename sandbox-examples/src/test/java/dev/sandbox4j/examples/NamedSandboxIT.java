package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox-run --name}, {@code exec NAME} and {@code inspect NAME} as a
 * user runs them, from separate processes: a second program in the named
 * sandbox, its description, and a control socket only its owner reaches.
 */
class NamedSandboxIT {
    private static final Path SANDBOX_RUN = Path.of("bin/sandbox-run").toAbsolutePath();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path runtime;
    private final String name = "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
    private Process box;

    private record Out(int status, String stdout, String stderr) {}

    private ProcessBuilder cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(SANDBOX_RUN.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString()); // as root /run/sandbox4j is used instead
        return pb;
    }

    private static Out run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var err = p.getErrorStream();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String e = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), out, e);
    }

    private Path socket() {
        return (ROOT ? Path.of("/run/sandbox4j") : runtime.resolve("sandbox4j")).resolve(name + ".sock");
    }

    /** Starts the named sandbox and waits for its control socket. */
    private void startBox(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("--name", name, "--"));
        args.addAll(List.of(command));
        box = cli(args.toArray(String[]::new)).redirectErrorStream(true).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket())) {
            if (!box.isAlive()) {
                throw new AssertionError("sandbox-run ended: " + new String(box.getInputStream().readAllBytes()));
            }
            assertThat(System.nanoTime()).as("no control socket " + socket()).isLessThan(end);
            Thread.sleep(20); // polling for the file: no event to wait on from another process
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (box != null && box.isAlive()) {
            box.destroy();
            box.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void execAndInspectReachTheNamedSandboxThroughItsOwnersSocket() throws Exception {
        startBox("sleep", "600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-------");
        assertThat(Files.getOwner(socket()).getName()).isEqualTo(System.getProperty("user.name"));

        Out exec = run(cli("exec", name, "--", "/bin/sh", "-c", "cat /proc/1/comm; ps -e -o comm=; exit 3"));
        assertThat(exec.status()).as(exec.stderr()).isEqualTo(3);
        assertThat(exec.stdout()).startsWith("sandbox4j-init\n").contains("\nsleep\n");

        Out inspect = run(cli("inspect", name));
        assertThat(inspect.status()).as(inspect.stderr()).isZero();
        assertThat(inspect.stdout()).startsWith("{\"initPid\":").contains("\"type\":\"mnt\"");
        var m = java.util.regex.Pattern.compile("\"programPid\":(\\d+)").matcher(inspect.stdout());
        assertThat(m.find()).isTrue();
        assertThat(Files.readString(Path.of("/proc/" + m.group(1) + "/comm")).strip()).isEqualTo("sleep");

        // the program ends: so does sandbox-run, and the name is free again
        Out kill = run(cli("exec", name, "--", "pkill", "-x", "sleep"));
        // 137: the sandbox ended as its program did, and took the exec'd pkill with it before it reported
        assertThat(kill.status()).as(kill.stderr()).isIn(0, 137);
        assertThat(box.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(box.exitValue()).isEqualTo(143);
        Out after = run(cli("exec", name, "--", "true"));
        assertThat(after.status()).isEqualTo(125);
        assertThat(after.stderr()).contains("no sandbox named " + name);
    }

    @Test
    void anotherUserCannotReachTheControlSocket() throws Exception {
        assumeTrue(ROOT, "needs root to act as a second user (runuser -u sbx4jci)");
        startBox("sleep", "600");
        // as sbx4jci, pointing the client at root's directory
        ProcessBuilder pb = new ProcessBuilder("runuser", "-u", "sbx4jci", "--", "env", "XDG_RUNTIME_DIR=/run",
                "JAVA_HOME=" + System.getProperty("java.home"), SANDBOX_RUN.toString(), "exec", name, "--", "id");
        Out other = run(pb);
        assertThat(other.status()).isEqualTo(125);
        assertThat(other.stderr()).containsIgnoringCase("permission denied").doesNotContain("uid=");
    }

}
