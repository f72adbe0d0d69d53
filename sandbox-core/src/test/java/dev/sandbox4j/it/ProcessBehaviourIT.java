package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.SandboxStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handle behaves like a Process and reports what a judge needs. */
class ProcessBehaviourIT {

    @Test
    void exitCodeIsReportedAsIs() throws Exception {
        SandboxResult r = Run.sh(Sandbox.builder(), "exit 3").result();
        assertThat(r.status()).isEqualTo(SandboxStatus.EXITED);
        assertThat(r.exitCode()).hasValue(3);
        assertThat(r.signal()).isEmpty();
    }

    @Test
    void aSignalIsReportedAsTheSignalNotFoldedInto128PlusN() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", "kill -9 $$").start()) {
            SandboxResult r = p.result().join();
            assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
            assertThat(r.signal()).hasValue(9);
            assertThat(r.exitCode()).isEmpty();
            assertThat(p.exitValue()).isEqualTo(137); // Process compatibility
        }
    }

    @Test
    void tenMebibytesRoundTripThroughStdinAndStdoutByteExact() throws Exception {
        byte[] data = new byte[10 << 20];
        new Random(42).nextBytes(data);
        try (SandboxProcess p = Sandbox.builder().command("/bin/cat").start()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(data);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] echoed;
            try (InputStream out = p.getInputStream()) {
                echoed = out.readAllBytes();
            }
            writer.join();
            assertThat(p.waitFor()).isZero();
            assertThat(echoed.length).isEqualTo(data.length);
            assertThat(Arrays.equals(echoed, data)).isTrue();
        }
    }

    @Test
    void fileRedirectsAndMergedStderr(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "from a file\n");
        Path out = dir.resolve("out.txt");
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", "cat; echo oops >&2")
                .redirectInput(Redirect.from(in.toFile())).redirectOutput(Redirect.to(out.toFile()))
                .redirectErrorStream(true).start()) {
            assertThat(p.waitFor()).isZero();
            assertThat(p.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(Files.readString(out)).isEqualTo("from a file\noops\n");
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", "echo more")
                .redirectOutput(Redirect.appendTo(out.toFile())).start()) {
            p.waitFor();
        }
        assertThat(Files.readString(out)).endsWith("oops\nmore\n");
    }

    @Test
    void inheritGivesTheProgramTheJvmsOwnStdio(@TempDir Path dir) throws Exception {
        // A child JVM whose stdout is a file; the sandbox inherits it from that JVM.
        Path out = dir.resolve("jvm-out.txt");
        Process jvm = ChildJvm.start(InheritMain.class, Redirect.to(out.toFile()));
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out)).contains("inherited stdout works").contains("result EXITED");
    }

    /** Runs in the child JVM of {@link #inheritGivesTheProgramTheJvmsOwnStdio}. */
    public static final class InheritMain {
        public static void main(String[] args) throws Exception {
            try (SandboxProcess p = Sandbox.builder().command("/bin/echo", "inherited stdout works").inheritIO().start()) {
                System.out.println("result " + p.result().join().status());
            }
        }
    }

    @Test
    void theTimeoutKillsTheWholeSandboxAndSaysSo() throws Exception {
        long t0 = System.nanoTime();
        SandboxResult r = Run.sh(Sandbox.builder().timeout(Duration.ofMillis(300)), "sleep 30 & sleep 30").result();
        assertThat(r.status()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(r.signal()).hasValue(9);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void destroySendsSigtermToTheProgram() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", "trap 'exit 42' TERM; echo ready; while :; do sleep 0.05; done")
                .start()) {
            assertThat(new String(p.getInputStream().readNBytes(6))).isEqualTo("ready\n");
            p.destroy();
            assertThat(p.result().join().exitCode()).hasValue(42);
        }
    }

    @Test
    void theForwardedSignalsReachTheProgram() throws Exception {
        String script = "for s in HUP INT QUIT USR1 USR2 TERM; do trap \"echo got-$s\" $s; done; echo ready; "
                + "while :; do sleep 0.02; done";
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", script).start()) {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");
            int[] signals = {1, 2, 3, 10, 12, 15};
            String[] names = {"HUP", "INT", "QUIT", "USR1", "USR2", "TERM"};
            for (int i = 0; i < signals.length; i++) {
                p.sendSignal(signals[i]);
                assertThat(out.readLine()).isEqualTo("got-" + names[i]);
            }
            assertThat(p.isAlive()).isTrue();
        }
    }

    @Test
    void destroyEscalatesToKillAfterTheGracePeriod() throws Exception {
        try (SandboxProcess p = Sandbox.builder().killGracePeriod(Duration.ofMillis(200))
                .command("/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done").start()) {
            p.getInputStream().readNBytes(6);
            p.destroy();
            SandboxResult r = p.result().join();
            assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
            assertThat(r.signal()).hasValue(9);
        }
    }

    @Test
    void closeLeavesNoProcessEvenAfterADoubleFork() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c",
                "(sleep " + marker + " &) ; sleep " + marker + " & echo ready; wait").start();
        assertThat(new String(p.getInputStream().readNBytes(6))).isEqualTo("ready\n");
        // The double-forked sleep may exec a moment after "ready": wait for both (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (HostProcesses.withArgument(marker).size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(HostProcesses.withArgument(marker)).hasSizeGreaterThanOrEqualTo(2);
        p.close();
        assertThat(p.isAlive()).isFalse();
        assertThat(HostProcesses.withArgument(marker)).isEmpty();
    }

    @Test
    void aProgramMissingFromTheHostRootIsRejectedBeforeAnythingIsSpawned() {
        assertThatThrownBy(() -> Sandbox.builder().command("/nonexistent/program").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/nonexistent/program'");
    }

    @Test
    void anExecveFailureInsideFailsTheStartNamingStepErrnoAndPathAndLeavesNothing(@TempDir Path rootfs)
            throws Exception {
        // As root, root inside is the host's nobody: a rootfs must be world-readable, as real ones are.
        Files.setPosixFilePermissions(rootfs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : new String[] {"proc", "dev", "tmp"}) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("prog"), "not a program\n"); // exists, but not executable
        long fdsBefore = HostProcesses.openFds();
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThatThrownBy(() -> Sandbox.builder().rootfs(rootfs).command("/prog").start())
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("execve").hasMessageContaining("EACCES").hasMessageContaining("/prog")
                .satisfies(e -> assertThat(((SandboxStartException) e).hint()).isPresent());
        assertThat(HostProcesses.openFds()).isLessThanOrEqualTo(fdsBefore);
        assertThat(ProcessHandle.current().children().count()).isZero();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }

    @Test
    void stagesOnTheResultRunOnAWorkerSoABlockingStageCannotStallOtherSandboxes() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (SandboxProcess slow = Sandbox.builder().command("/bin/sh", "-c", "exit 0").start()) {
            // Plain (non-async) stages, added before the end: they would run on the completing thread.
            CompletableFuture<String> thread = slow.result().thenApply(r -> Thread.currentThread().getName());
            CompletableFuture<Void> blocker = slow.result().thenAccept(r -> release.join());
            assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("sandbox4j-worker"); // not the event loop's thread
            // While a caller's stage blocks, other sandboxes still end and report.
            SandboxResult other = Run.sh(Sandbox.builder(), "exit 4").result();
            assertThat(other.exitCode()).hasValue(4);
            assertThat(blocker).isNotDone();
        } finally {
            release.complete(null);
        }
    }

    @Test
    void waitForWithATimeoutAndExitValueBeforeTheEnd() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "5").start()) {
            assertThat(p.waitFor(50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(p.isAlive()).isTrue();
            assertThatThrownBy(p::exitValue).isInstanceOf(IllegalThreadStateException.class);
            p.destroyForcibly();
            assertThat(p.onExit().get(10, TimeUnit.SECONDS)).isSameAs(p);
        }
    }

    @Test
    void availableCountsWhatAReadReturnsWithoutBlocking() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sh", "-c", "printf hello; exec sleep 5").start()) {
            InputStream out = p.getInputStream();
            assertThat(p.getErrorStream().available()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (out.available() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(out.available()).isEqualTo(5);
            assertThat(out.readNBytes(5)).asString().isEqualTo("hello");
            assertThat(out.available()).isZero();
        }
    }

    @Test
    void whatIsLeftInThePipeAtTheEndStaysAvailable() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/echo", "left").start()) {
            p.waitFor();
            assertThat(p.getInputStream().available()).isEqualTo(5);
            assertThat(p.getInputStream().readAllBytes()).asString().isEqualTo("left\n");
            assertThat(p.getInputStream().available()).isZero();
        }
    }
}
