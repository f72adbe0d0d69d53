package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sandbox-run -t} driven as a user would, in a real terminal (tmux):
 * the shell inside has a terminal of the sandbox's own with job control,
 * sizes and Ctrl-C, and the user's terminal comes back as it was.
 * Outputs are matched by values the typed line does not contain
 * ({@code echo A$((1+1))} prints A2), so the echo of a command never
 * passes for its output.
 */
class SandboxRunTerminalIT {
    private static final Path SANDBOX_RUN = Path.of("bin/sandbox-run").toAbsolutePath();
    private static final List<String> APPLETS = List.of("sh", "tty", "ps", "stty", "sleep", "kill", "echo", "ls");

    @TempDir
    Path dir;

    /** The pane's command: the outer terminal's settings before and after sandbox-run, and its exit status. */
    private String wrapped(String options) {
        return "stty -g > " + dir.resolve("before") + "; " + SANDBOX_RUN + " " + options + "; echo rc=$?; stty -g > "
                + dir.resolve("after") + "; exec sleep 1000";
    }

    @ParameterizedTest
    @ValueSource(strings = {"default root", "busybox root"})
    void anInteractiveShellWithJobControlSizesAndCtrlC(String root) throws Exception {
        String rootfs = root.startsWith("busybox") ? "--rootfs " + busyboxRoot() + " " : "";
        try (Tmux t = new Tmux(dir, 90, 25, wrapped("-t " + rootfs + "-- /bin/sh"))) {
            String cooked = awaitRawMode(t);
            t.line("tty; echo A$((1+1))");
            t.await("^/dev/pts/0\\s*\\n.*A2");
            t.line("ps -ef; echo B$((1+1))");
            String ps = t.await("^B2");
            String table = ps.substring(ps.indexOf("ps -ef; echo"), ps.lastIndexOf("B2"));
            assertThat(table).containsPattern("(?m)^\\s*(\\S+\\s+)?1\\s.*sandbox4j") // the init is PID 1
                    .containsPattern("(?m)^\\s*(\\S+\\s+)?\\d+\\s.*\\s(/bin/)?sh\\s*$")
                    .containsPattern("(?m)^\\s*(\\S+\\s+)?\\d+\\s.*(ps -ef|\\{ps\\})") // busybox: {comm} cmdline
                    .doesNotContain("tmux").doesNotContain("java"); // none of the host's processes
            t.line("stty size; echo C$((1+1))");
            t.await("^25 90\\s*\\n.*C2");
            t.resize(120, 40);
            // SIGWINCH reaches sandbox-run, which resizes the sandbox's terminal: wait for that inside
            t.line("while [ \"$(stty size)\" = '25 90' ]; do sleep 0.05; done; stty size; echo D$((1+1))");
            t.await("^40 120\\s*\\n.*D2");

            t.line("sleep 100 &");
            t.line("jobs; echo E$((1+1))");
            t.await("\\[1\\][ +]*Running\\s+sleep 100\\s*\\n.*E2");
            awaitSandboxed(t, "sleep 100"); // until it runs, the forked shell ignores SIGTERM as the interactive one
            t.line("kill %1; wait; echo F$((1+1))");
            t.await("^F2");
            t.line("sleep 200");
            awaitSandboxed(t, "sleep 200");
            t.press("C-z");
            t.await("Stopped");
            t.line("fg");
            t.await("(?s)Stopped.*fg");
            awaitSandboxed(t, "sleep 200");
            t.press("C-c"); // ends the program in the foreground, not the sandbox
            awaitGone(t, "sleep 200"); // a line typed while it still runs may go with the ^C's flush
            t.line("echo G$?");
            // Typed while sleep still dies, the line is echoed after ^C and its output follows the next prompt.
            t.await("^(.*# )?G130");

            t.line("exit");
            t.await("^rc=0$");
            assertThat(settings("after")).isEqualTo(settings("before")).isEqualTo(cooked);
        }
    }

    @Test
    void aTimeoutKillRestoresTheTerminal() throws Exception {
        try (Tmux t = new Tmux(dir, 80, 24, wrapped("-t --timeout 3s -- /bin/sh"))) {
            String cooked = awaitRawMode(t);
            t.line("echo H$((1+1))");
            t.await("^H2");
            t.await("rc=137$"); // after the prompt the kill left
            assertThat(settings("after")).isEqualTo(settings("before")).isEqualTo(cooked);
        }
    }

    /**
     * {@code sandbox-run exec -t NAME -- /bin/sh} into a named sandbox running {@code sleep}: the exec'd
     * shell has a terminal of the sandbox's own at the window's size, follows a resize, Ctrl-C ends its
     * foreground program only, it sees the first program, and the user's terminal comes back as it was.
     */
    @Test
    void execWithATerminalIntoANamedSandbox() throws Exception {
        String name = "tty-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        String env = "XDG_RUNTIME_DIR=" + dir; // as root /run/sandbox4j is used instead
        Process box = new ProcessBuilder("env", env, SANDBOX_RUN.toString(), "--name", name, "--", "sleep", "987")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            awaitSocket(box, name);
            try (Tmux t = new Tmux(dir, 90, 25, wrapped("exec -t " + name + " -- /bin/sh").replace(
                    SANDBOX_RUN.toString(), "env " + env + " " + SANDBOX_RUN))) {
                String cooked = awaitRawMode(t);
                t.line("tty; echo A$((1+1))");
                t.await("^/dev/pts/\\d+\\s*\\n.*A2");
                t.line("ps -ef; echo B$((1+1))");
                String ps = t.await("^B2");
                assertThat(ps.substring(ps.indexOf("ps -ef; echo"))).contains("sleep 987"); // the same sandbox
                // the size comes with the request and is set at once: wait for it inside, as for a resize
                t.line("while [ \"$(stty size)\" != '25 90' ]; do sleep 0.05; done; stty size; echo C$((1+1))");
                t.await("^25 90\\s*\\n.*C2");
                t.resize(120, 40);
                t.line("while [ \"$(stty size)\" = '25 90' ]; do sleep 0.05; done; stty size; echo D$((1+1))");
                t.await("^40 120\\s*\\n.*D2");
                // a duration no other process on the host sleeps: until it runs, Ctrl-C would flush the typed line
                String nap = "sleep " + (1000 + System.nanoTime() % 9000);
                t.line(nap);
                awaitSandboxed(t, nap);
                t.press("C-c"); // ends the exec'd shell's foreground program, not the shell nor the sandbox
                awaitGone(t, nap);
                t.line("echo G$?");
                t.await("^(.*# )?G130");
                t.line("exit 3");
                t.await("^rc=3$");
                assertThat(settings("after")).isEqualTo(settings("before")).isEqualTo(cooked);
                assertThat(box.isAlive()).as("the named sandbox runs on").isTrue();
            }
        } finally {
            box.destroy();
            box.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void awaitSocket(Process box, String name) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path socket = (root ? Path.of("/run/sandbox4j") : dir.resolve("sandbox4j")).resolve(name + ".sock");
        long end = System.nanoTime() + Tmux.WAIT.toNanos();
        while (!Files.exists(socket)) {
            if (!box.isAlive() || System.nanoTime() > end) {
                box.destroy();
                throw new AssertionError("no control socket " + socket + ": "
                        + new String(box.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(20); // polling for the file: no event to wait on from another process
        }
    }

    /** Waits until sandbox-run has put the pane's terminal in raw mode; returns its settings before. */
    private String awaitRawMode(Tmux t) throws Exception {
        Path before = dir.resolve("before");
        long end = System.nanoTime() + Tmux.WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(before) && !Files.readString(before).isBlank()
                    && !stty(t.paneTty()).equals(Files.readString(before).strip())) {
                return Files.readString(before).strip();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sandbox-run never put the terminal in raw mode:\n" + t.screen());
    }

    /** Waits until {@code command} runs in the sandbox: ps inside is not reachable while it does, so ask tmux's pane. */
    private static void awaitSandboxed(Tmux t, String command) throws Exception {
        long end = System.nanoTime() + Tmux.WAIT.toNanos();
        while (System.nanoTime() < end) {
            Process p = new ProcessBuilder("pgrep", "-f", "-x", command).start();
            if (p.waitFor() == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(command + " never ran:\n" + t.screen());
    }

    /** Waits until {@code command} no longer runs. */
    private static void awaitGone(Tmux t, String command) throws Exception {
        long end = System.nanoTime() + Tmux.WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (new ProcessBuilder("pgrep", "-f", "-x", command).start().waitFor() != 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(command + " still runs:\n" + t.screen());
    }

    private String settings(String name) throws IOException {
        return Files.readString(dir.resolve(name)).strip();
    }

    private static String stty(String tty) throws Exception {
        Process p = new ProcessBuilder("stty", "-g", "-F", tty).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("stty -F %s: %s", tty, out).isZero();
        return out;
    }

    /** A root of Debian's busybox-static and its applets, readable by the sandbox's root (nobody as root). */
    private Path busyboxRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "dev", "tmp", "sys")) {
            Files.createDirectories(root.resolve(d));
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) || p.endsWith("busybox") ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        return root;
    }
}
