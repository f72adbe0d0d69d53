package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.internal.process.ShimRecords;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The futures of a {@code SandboxProcess} belong to their caller: what one caller does to
 * theirs ({@code orTimeout}, {@code cancel}, {@code complete}) leaves every other caller's
 * {@code result()} and {@code onExit()} correct once the program exits. Driven through a
 * real status pipe and the real event loop, with the shim's records written by the test.
 */
class HandleContractTest {
    private static final LaunchSpec SPEC = LaunchSpec.builder().command(List.of("/bin/true"))
            .namespaces(Set.of(Namespace.PID)).hostIds(65534, 65534).environment(Map.of("PATH", "/bin")).build();

    private final Syscalls sys = LinuxSyscalls.INSTANCE;

    @Test
    void oneCallersTimeoutCancelOrCompleteOfResultBreaksNoOtherCaller() throws Exception {
        try (Fake fake = new Fake()) {
            SandboxProcessImpl p = fake.process;
            CompletableFuture<SandboxResult> before = p.result();
            CompletableFuture<SandboxResult> timedOut = p.result().orTimeout(1, TimeUnit.MILLISECONDS);
            assertThatThrownBy(timedOut::join).hasCauseInstanceOf(TimeoutException.class); // waits for the event
            CompletableFuture<SandboxResult> cancelled = p.result();
            assertThat(cancelled.cancel(true)).isTrue();
            CompletableFuture<SandboxResult> completed = p.result();
            assertThat(completed.complete(null)).isTrue();
            assertThat(p.isAlive()).as("nothing a caller did ended the sandbox").isTrue();

            fake.exit(3);

            assertThat(before.get(10, TimeUnit.SECONDS).exitCode()).hasValue(3);
            SandboxResult after = p.result().get(10, TimeUnit.SECONDS);
            assertThat(after.status()).isEqualTo(SandboxStatus.EXITED);
            assertThat(after.exitCode()).hasValue(3);
            assertThat(p.result().orTimeout(1, TimeUnit.MILLISECONDS).join()).isEqualTo(after);
            assertThat(p.onExit().get(10, TimeUnit.SECONDS)).isSameAs(p);
            assertThat(p.exitValue()).isEqualTo(3);
            assertThat(p.waitFor()).isEqualTo(3);
            assertThat(p.isAlive()).isFalse();
            assertThat(completed.join()).as("the caller's own future keeps what they put in").isNull();
            assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void oneCallersTimeoutCancelOrCompleteOfOnExitBreaksNoOtherCaller() throws Exception {
        try (Fake fake = new Fake()) {
            SandboxProcessImpl p = fake.process;
            CompletableFuture<Process> before = p.onExit();
            assertThat(before).isNotSameAs(p.onExit());
            CompletableFuture<Process> timedOut = p.onExit().orTimeout(1, TimeUnit.MILLISECONDS);
            assertThatThrownBy(timedOut::join).hasCauseInstanceOf(TimeoutException.class);
            assertThat(p.onExit().cancel(true)).isTrue();
            assertThat(p.onExit().complete(null)).isTrue();
            assertThat(p.onExit().completeExceptionally(new IllegalStateException("mine"))).isTrue();
            assertThat(p.isAlive()).isTrue();

            fake.exit(0);

            assertThat(before.get(10, TimeUnit.SECONDS)).isSameAs(p);
            assertThat(p.onExit().get(10, TimeUnit.SECONDS)).isSameAs(p);
            assertThat(p.onExit().thenApply(Process::exitValue).get(10, TimeUnit.SECONDS)).isZero();
            assertThat(p.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(SandboxStatus.EXITED);
        }
    }

    @Test
    void onExitCompletesOnlyOnceTheProcessIsNoLongerAlive() throws Exception {
        try (Fake fake = new Fake()) {
            SandboxProcessImpl p = fake.process;
            CompletableFuture<Boolean> aliveWhenExited = p.onExit().thenApply(Process::isAlive);
            assertThat(aliveWhenExited).isNotDone();
            fake.exit(0);
            assertThat(aliveWhenExited.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    /** A started sandbox as the process sees it: a status pipe the test writes the shim's records to. */
    private final class Fake implements AutoCloseable {
        final SandboxProcessImpl process;
        private final int statusWrite;
        private final int[] control;
        private boolean ended;

        Fake() throws Exception {
            int[] status = sys.pipe2(Syscalls.O_CLOEXEC);
            control = sys.pipe2(Syscalls.O_CLOEXEC);
            statusWrite = status[1];
            process = new SandboxProcessImpl(SandboxRuntime.system(), SPEC, status[0], control[1],
                    new ByteArrayOutputStream(), new ByteArrayInputStream(new byte[0]),
                    new ByteArrayInputStream(new byte[0]), null, List.of(), null);
            process.watch();
            write(ShimRecords.started(2, (int) ProcessHandle.current().pid()));
            process.awaitStartup();
        }

        void exit(int code) throws Exception {
            write(ShimRecords.exited(code << 8));
            write(ShimRecords.reaped(0));
            sys.close(statusWrite); // end of file: the server is done with the sandbox
            ended = true;
        }

        private void write(byte[] rec) throws Exception {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(rec.length);
                seg.copyFrom(MemorySegment.ofArray(rec));
                sys.write(statusWrite, seg, seg.byteSize());
            }
        }

        @Override
        public void close() {
            try {
                if (!ended) {
                    exit(0);
                }
                process.result().get(10, TimeUnit.SECONDS);
                sys.close(control[0]);
            } catch (Exception e) {
                throw new AssertionError("the fake sandbox did not end", e);
            }
        }
    }
}
