package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A host JVM killed with SIGKILL takes its sandboxes with it. */
class JvmDeathIT {

    @Test
    void killingTheHostJvmLeavesNoProcessOfTheSandboxAliveOneSecondLater() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        Process jvm = ChildJvm.start(SleeperMain.class, Redirect.PIPE, marker);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("running");
        }
        assertThat(HostProcesses.withArgument(marker)).hasSizeGreaterThanOrEqualTo(2);
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // Gone within one second of the JVM's death: poll rather than sleep the whole second.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!HostProcesses.withArgument(marker).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(HostProcesses.withArgument(marker)).isEmpty();
    }

    /** The child JVM: starts a sandbox (from a short-lived thread) and waits to be killed. */
    public static final class SleeperMain {
        public static void main(String[] args) throws Exception {
            SandboxProcess[] p = new SandboxProcess[1];
            Thread starter = new Thread(() -> {
                try {
                    p[0] = Sandbox.builder().command("/bin/sh", "-c", "(sleep " + args[0] + " &); sleep " + args[0])
                            .redirectOutput(Redirect.DISCARD).start();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            starter.start();
            starter.join(); // the spawning thread is gone: the sandbox must live on regardless
            // A PR_SET_PDEATHSIG tied to that thread would kill it within microseconds; surviving is
            // a non-event, so give it a moment to show rather than waiting for something.
            Thread.sleep(200);
            System.out.println(p[0].isAlive() ? "running" : "died with its spawning thread");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
