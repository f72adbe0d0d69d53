package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A host JVM killed with SIGKILL takes its sandboxes with it; the thread that started one does not. */
class JvmDeathIT {

    @Test
    void killingTheHostJvmLeavesNoProcessOfTheSandboxAlive() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        Process jvm = ChildJvm.start(SleeperMain.class, ProcessBuilder.Redirect.PIPE, marker);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("running");
        }
        assertThat(HostProcesses.withArgument(marker)).hasSizeGreaterThanOrEqualTo(2);
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Wait for the event (every process of the sandbox has exited); the bound only ends a failing test.
        java.util.concurrent.CompletableFuture<?>[] exits = HostProcesses.withArgument(marker).stream()
                .map(ProcessHandle::of).flatMap(java.util.Optional::stream).map(ProcessHandle::onExit)
                .toArray(java.util.concurrent.CompletableFuture[]::new);
        try {
            java.util.concurrent.CompletableFuture.allOf(exits).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillThere) {
            // the assertion below names them
        }
        assertThat(HostProcesses.withArgument(marker)).as("the sandbox's processes after the JVM died").isEmpty();
    }

    /**
     * The child JVM: starts a sandbox from a short-lived thread, waits until the kernel has ended that
     * thread (a parent-death signal tied to it is sent by then), then proves the sandbox still runs by
     * a round trip through it, and waits to be killed.
     */
    public static final class SleeperMain {
        public static void main(String[] args) throws Exception {
            SandboxProcess[] p = new SandboxProcess[1];
            String[] tid = new String[1];
            Thread starter = new Thread(() -> {
                try {
                    tid[0] = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
                    // an echo loop whose shell and background sleep carry the marker as an argument
                    p[0] = Sandbox.builder().command("/bin/sh", "-c",
                            "(sleep \"$1\" &); while read l; do echo \"$l\"; done", "sh", args[0]).start();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            starter.start();
            starter.join();
            Path task = Path.of("/proc/self/task", tid[0]);
            while (Files.exists(task)) {
                Thread.sleep(1); // the JVM thread has ended; its kernel task goes a moment later
            }
            OutputStream in = p[0].getOutputStream();
            in.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            String echo = new BufferedReader(new InputStreamReader(p[0].getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            System.out.println("ping".equals(echo) ? "running" : "died with its spawning thread");
            System.out.flush();
            Thread.sleep(600_000); // until the test kills this JVM
        }
    }
}
