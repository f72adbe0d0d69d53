package dev.sandbox4j.it.tty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** tty(true): the program gets a terminal of the sandbox's own, as a shell in a terminal window would. */
class TerminalIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * A whole line of output (the terminal ends lines with CR LF), after
     * any prompts: input typed ahead is echoed before the shell prompts.
     */
    static String line(String regex) {
        return "(?m)^(?:[#$] )*" + regex + "\r?$";
    }

    private static void type(SandboxProcess p, String keys) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write(keys.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void theShellRunsOnATerminalOfTheSandboxsOwnWithTheGivenSize() throws Exception {
        try (SandboxProcess p = Sandbox.builder().tty(true).terminalSize(100, 30).command("/bin/sh").start()) {
            Screen s = new Screen(p.getInputStream());
            type(p, "tty; stty size; ls /dev/pts; echo ctty=$(ps -o tty= -p $$)\n");
            assertThat(s.await(line("(/dev/pts/\\d+)"), WAIT).group(1)).isEqualTo("/dev/pts/0");
            s.await(line("30 100"), WAIT);
            s.await(line("0\\s+ptmx"), WAIT); // its own devpts: no pty of the host's is there
            s.await("ctty=pts/0", WAIT);
            type(p, "exit 7\n");
            SandboxResult r = p.result().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.exitCode()).hasValue(7);
            s.awaitEnd(WAIT); // the leader reads end of file once the sandbox is gone
        }
    }

    @Test
    void aResizeReachesTheProgramAsSigwinchAndStty() throws Exception {
        try (SandboxProcess p = Sandbox.builder().tty(true).command("/bin/sh").start()) {
            Screen s = new Screen(p.getInputStream());
            // the builtin echo runs in the shell itself: once "ready" shows, stty has ended and the shell's
            // process group is the terminal's foreground again, the one the kernel sends SIGWINCH to
            type(p, "trap 'echo winch' WINCH; stty size; echo ready\n");
            s.await(line("24 80"), WAIT);
            s.await(line("ready"), WAIT);
            p.resizeTerminal(132, 43);
            type(p, "stty size\n"); // the trap runs before the next command
            s.await("winch", WAIT);
            s.await(line("43 132"), WAIT);
        }
    }

    @Test
    void ctrlCInterruptsTheForegroundProgramNotTheSandbox() throws Exception {
        try (SandboxProcess p = Sandbox.builder().tty(true).command("/bin/sh").start()) {
            Screen s = new Screen(p.getInputStream());
            type(p, "echo ready; sleep 100\n");
            s.await(line("ready"), WAIT);
            waitForChild(p, "sleep");
            type(p, "\u0003");
            type(p, "echo status=$?\n");
            s.await(line("status=130"), WAIT); // SIGINT (2) ended sleep; the shell lives on
            assertThat(p.isAlive()).isTrue();
            type(p, "exit\n");
            assertThat(p.result().get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode()).hasValue(0);
        }
    }

    @Test
    void jobControlWorks() throws Exception {
        try (SandboxProcess p = Sandbox.builder().tty(true).command("/bin/sh").start()) {
            Screen s = new Screen(p.getInputStream());
            type(p, "sleep 100 &\njobs\n");
            s.await("\\[1\\]\\s*\\+?\\s*Running\\s+sleep 100", WAIT);
            waitForChild(p, "sleep"); // until then the forked shell still ignores SIGTERM as the interactive one does
            type(p, "kill %1; wait; jobs; echo done\n");
            s.await(line("done"), WAIT);
            // Ctrl-Z stops the foreground job; fg brings it back, Ctrl-C then ends it
            type(p, "sleep 200\n");
            waitForChild(p, "sleep");
            type(p, "\u001a");
            s.await("Stopped", WAIT);
            type(p, "jobs; fg\n");
            s.await("sleep 200", WAIT);
            waitForState(p, "sleep", "S");
            type(p, "\u0003echo after=$?\n");
            s.await("after=130", WAIT);
        }
    }

    @Test
    void withoutTtyThereIsNoTerminalToResize() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/true").start()) {
            assertThatThrownBy(() -> p.resizeTerminal(80, 24)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tty(true)");
        }
    }

    /** Waits until a descendant of the sandbox named {@code comm} exists (it then has the terminal). */
    private static void waitForChild(SandboxProcess p, String comm) throws InterruptedException {
        waitForState(p, comm, null);
    }

    private static void waitForState(SandboxProcess p, String comm, String state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            boolean found = p.descendants().anyMatch(h -> {
                try {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String st = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                    return name.equals(comm) && (state == null || st.equals(state));
                } catch (IOException e) {
                    return false;
                }
            });
            if (found) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + comm + (state == null ? "" : " in state " + state) + " in the sandbox");
    }
}
