package dev.sandbox4j.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every outcome a judge can switch on, decided from the raw facts the library gathered (wait
 * statuses as the shim reports them), with the exit code or signal the result then carries.
 */
class OutcomeTest {
    private static final Duration SEC = Duration.ofSeconds(1);
    private static final Duration MS = Duration.ofMillis(5);
    private static final OptionalInt NONE = OptionalInt.empty();
    private static final int SIGKILL = 9, SIGSEGV = 11, SIGTERM = 15, SIGXCPU = 24, SIGXFSZ = 25, SIGSYS = 31;

    /** A raw wait status of a process that exited with {@code code}. */
    private static OptionalInt exit(int code) {
        return OptionalInt.of(code << 8);
    }

    /** A raw wait status of a process killed by {@code signal}. */
    private static OptionalInt killed(int signal) {
        return OptionalInt.of(signal);
    }

    /** Facts with no library decision and no limit: each row sets what it needs. */
    private record F(boolean setup, boolean wall, boolean cpu, boolean output, Duration cpuLimit, boolean fsize,
            OptionalInt program, OptionalInt init, Duration processCpu, boolean oom) {
        static F of(OptionalInt program) {
            return new F(false, false, false, false, null, false, program, exit(0), MS, false);
        }

        F setupFailed() {
            return new F(true, wall, cpu, output, cpuLimit, fsize, program, init, processCpu, oom);
        }

        F wallTimedOut() {
            return new F(setup, true, cpu, output, cpuLimit, fsize, program, init, processCpu, oom);
        }

        F cpuTimedOut() {
            return new F(setup, wall, true, output, cpuLimit, fsize, program, init, processCpu, oom);
        }

        F outputExceeded() {
            return new F(setup, wall, cpu, true, cpuLimit, fsize, program, init, processCpu, oom);
        }

        F cpuLimit(Duration limit, Duration used) {
            return new F(setup, wall, cpu, output, limit, fsize, program, init, used, oom);
        }

        F fileSizeLimited() {
            return new F(setup, wall, cpu, output, cpuLimit, true, program, init, processCpu, oom);
        }

        F init(OptionalInt status) {
            return new F(setup, wall, cpu, output, cpuLimit, fsize, program, status, processCpu, oom);
        }

        F oomKilled() {
            return new F(setup, wall, cpu, output, cpuLimit, fsize, program, init, processCpu, true);
        }

        Outcome.Facts facts() {
            return new Outcome.Facts(setup, wall, cpu, output, cpuLimit, fsize, program, init, processCpu, oom);
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // name, facts, status, timeout kind, exit code, signal
                row("exit 0", F.of(exit(0)), SandboxStatus.EXITED, null, 0, 0),
                row("exit 3 under limits", F.of(exit(3)).cpuLimit(SEC, MS).fileSizeLimited(), SandboxStatus.EXITED, null, 3, 0),
                row("SIGSEGV", F.of(killed(SIGSEGV)), SandboxStatus.SIGNALED, null, -1, SIGSEGV),
                row("SIGKILL from outside, under the CPU limit", F.of(killed(SIGKILL)).cpuLimit(SEC, MS),
                        SandboxStatus.SIGNALED, null, -1, SIGKILL),
                row("SIGXFSZ without an FSIZE limit (kill -XFSZ)", F.of(killed(SIGXFSZ)), SandboxStatus.SIGNALED, null,
                        -1, SIGXFSZ),
                row("SIGXCPU without a CPU limit", F.of(killed(SIGXCPU)).cpuLimit(null, SEC), SandboxStatus.SIGNALED,
                        null, -1, SIGXCPU),
                row("no report, the init exited: killed as a whole", F.of(NONE), SandboxStatus.SIGNALED, null, -1,
                        SIGKILL),
                row("no report, the server went away", F.of(NONE).init(NONE), SandboxStatus.SIGNALED, null, -1,
                        SIGKILL),
                row("no report, the init was killed by SIGTERM", F.of(NONE).init(killed(SIGTERM)),
                        SandboxStatus.SIGNALED, null, -1, SIGTERM),
                row("setup failed", F.of(NONE).setupFailed(), SandboxStatus.SETUP_FAILED, null, -1, SIGKILL),
                row("setup failed beats a timeout and an OOM kill", F.of(NONE).setupFailed().wallTimedOut().oomKilled(),
                        SandboxStatus.SETUP_FAILED, null, -1, SIGKILL),
                row("wall timeout", F.of(killed(SIGKILL)).wallTimedOut(), SandboxStatus.TIMED_OUT,
                        TimeoutKind.WALL_TIME, -1, SIGKILL),
                row("wall timeout, killed as a whole", F.of(NONE).wallTimedOut(), SandboxStatus.TIMED_OUT,
                        TimeoutKind.WALL_TIME, -1, SIGKILL),
                row("wall timeout beats an OOM kill and the CPU budget", F.of(killed(SIGKILL)).wallTimedOut()
                        .cpuTimedOut().oomKilled(), SandboxStatus.TIMED_OUT, TimeoutKind.WALL_TIME, -1, SIGKILL),
                row("cgroup CPU budget", F.of(killed(SIGKILL)).cpuTimedOut().cpuLimit(SEC, MS),
                        SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME, -1, SIGKILL),
                row("RLIMIT_CPU soft: SIGXCPU", F.of(killed(SIGXCPU)).cpuLimit(SEC, SEC), SandboxStatus.TIMED_OUT,
                        TimeoutKind.CPU_TIME, -1, SIGXCPU),
                row("RLIMIT_CPU hard: SIGKILL at the limit", F.of(killed(SIGKILL)).cpuLimit(SEC, SEC.plusMillis(1)),
                        SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME, -1, SIGKILL),
                row("CPU budget beats the output limit", F.of(killed(SIGKILL)).cpuTimedOut().outputExceeded(),
                        SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME, -1, SIGKILL),
                row("output limit on a pipe", F.of(killed(SIGKILL)).outputExceeded(), SandboxStatus.OUTPUT_LIMIT, null,
                        -1, SIGKILL),
                row("output limit, then EPIPE exit", F.of(exit(1)).outputExceeded(), SandboxStatus.OUTPUT_LIMIT, null,
                        1, 0),
                row("RLIMIT_FSIZE: SIGXFSZ", F.of(killed(SIGXFSZ)).fileSizeLimited(), SandboxStatus.OUTPUT_LIMIT, null, -1,
                        SIGXFSZ),
                row("output limit beats an OOM kill", F.of(killed(SIGKILL)).outputExceeded().oomKilled(),
                        SandboxStatus.OUTPUT_LIMIT, null, -1, SIGKILL),
                row("OOM of the main process", F.of(killed(SIGKILL)).oomKilled(), SandboxStatus.MEMORY_LIMIT, null, -1,
                        SIGKILL),
                row("OOM of a child, the shell exited 137", F.of(exit(137)).oomKilled(), SandboxStatus.MEMORY_LIMIT, null,
                        137, 0),
                row("OOM beats a seccomp kill", F.of(killed(SIGSYS)).oomKilled(), SandboxStatus.MEMORY_LIMIT, null, -1,
                        SIGSYS),
                row("seccomp kill", F.of(killed(SIGSYS)), SandboxStatus.SECCOMP_KILLED, null, -1, SIGSYS));
    }

    private static Arguments row(String name, F f, SandboxStatus s, TimeoutKind kind, int code, int signal) {
        return Arguments.of(name, f, s, kind, code, signal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classify(String name, F facts, SandboxStatus status, TimeoutKind kind, int code, int signal) {
        Outcome o = Outcome.classify(facts.facts());
        assertThat(o.status()).as(name).isEqualTo(status);
        if (kind == null) {
            assertThat(o.timeoutKind()).as(name).isEmpty();
        } else {
            assertThat(o.timeoutKind()).as(name).hasValue(kind);
        }
        assertThat(o.exitCode()).as(name + ": exit code").isEqualTo(code < 0 ? NONE : OptionalInt.of(code));
        assertThat(o.signal()).as(name + ": signal").isEqualTo(signal == 0 ? NONE : OptionalInt.of(signal));
    }

    @Test
    void everyStatusAndTimeoutKindHasARow() {
        assertThat(table().map(a -> a.get()[2])).containsAll(EnumSet.allOf(SandboxStatus.class));
        assertThat(table().map(a -> a.get()[3])).containsAll(EnumSet.allOf(TimeoutKind.class));
    }

    @Test
    void waitStatusesDecodeAsWaitpidStoresThem() {
        assertThat(WaitStatus.of(0)).isEqualTo(new WaitStatus(0, 0));
        assertThat(WaitStatus.of(3 << 8)).isEqualTo(new WaitStatus(3, 0));
        assertThat(WaitStatus.of(255 << 8)).isEqualTo(new WaitStatus(255, 0));
        assertThat(WaitStatus.of(SIGKILL)).isEqualTo(new WaitStatus(-1, SIGKILL));
        assertThat(WaitStatus.of(0x80 | SIGSEGV)).as("a core dump is still the signal").isEqualTo(
                new WaitStatus(-1, SIGSEGV));
        assertThat(WaitStatus.of(3 << 8).describe()).isEqualTo("exited with code 3");
        assertThat(WaitStatus.of(SIGTERM).describe()).isEqualTo("was killed by signal 15");
    }
}
