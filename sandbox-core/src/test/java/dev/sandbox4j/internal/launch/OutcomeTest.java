package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every outcome a judge can switch on, decided from the facts the library gathered. */
class OutcomeTest {
    private static final Duration SEC = Duration.ofSeconds(1);

    /** A program that exited 0 without any limit: each row changes what it needs. */
    private static Outcome.Facts facts(boolean setup, boolean wall, boolean cpu, boolean output, Duration cpuLimit,
            boolean fsize, int code, int signal, Duration processCpu, boolean oom) {
        return new Outcome.Facts(setup, wall, cpu, output, cpuLimit, fsize, code, signal, processCpu, oom);
    }

    static Stream<Arguments> table() {
        Duration ms = Duration.ofMillis(5);
        return Stream.of(
                // name, facts, status, kind
                row("exit 0", facts(false, false, false, false, null, false, 0, 0, ms, false), SandboxStatus.EXITED, null),
                row("exit 3", facts(false, false, false, false, SEC, true, 3, 0, ms, false), SandboxStatus.EXITED, null),
                row("SIGSEGV", facts(false, false, false, false, null, false, -1, 11, ms, false),
                        SandboxStatus.SIGNALED, null),
                row("SIGKILL from outside, under the CPU limit", facts(false, false, false, false, SEC, false, -1, 9, ms,
                        false), SandboxStatus.SIGNALED, null),
                row("SIGXFSZ without an FSIZE limit (kill -XFSZ)", facts(false, false, false, false, null, false, -1, 25,
                        ms, false), SandboxStatus.SIGNALED, null),
                row("setup failed", facts(true, true, false, false, null, false, -1, 9, ms, true),
                        SandboxStatus.SETUP_FAILED, null),
                row("wall timeout", facts(false, true, false, false, null, false, -1, 9, ms, false),
                        SandboxStatus.TIMED_OUT, TimeoutKind.WALL_TIME),
                row("wall timeout beats an OOM kill", facts(false, true, false, false, null, false, -1, 9, ms, true),
                        SandboxStatus.TIMED_OUT, TimeoutKind.WALL_TIME),
                row("cgroup CPU budget", facts(false, false, true, false, SEC, false, -1, 9, ms, false),
                        SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME),
                row("RLIMIT_CPU soft: SIGXCPU", facts(false, false, false, false, SEC, false, -1, 24, SEC, false),
                        SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME),
                row("RLIMIT_CPU hard: SIGKILL at the limit", facts(false, false, false, false, SEC, false, -1, 9,
                        SEC.plusMillis(1), false), SandboxStatus.TIMED_OUT, TimeoutKind.CPU_TIME),
                row("SIGXCPU without a CPU limit", facts(false, false, false, false, null, false, -1, 24, SEC, false),
                        SandboxStatus.SIGNALED, null),
                row("output limit on a pipe", facts(false, false, false, true, null, false, -1, 9, ms, false),
                        SandboxStatus.OUTPUT_LIMIT, null),
                row("output limit, then EPIPE exit", facts(false, false, false, true, null, false, 1, 0, ms, false),
                        SandboxStatus.OUTPUT_LIMIT, null),
                row("RLIMIT_FSIZE: SIGXFSZ", facts(false, false, false, false, null, true, -1, 25, ms, false),
                        SandboxStatus.OUTPUT_LIMIT, null),
                row("OOM of the main process", facts(false, false, false, false, null, false, -1, 9, ms, true),
                        SandboxStatus.MEMORY_LIMIT, null),
                row("OOM of a child, the shell exited 137", facts(false, false, false, false, null, false, 137, 0, ms,
                        true), SandboxStatus.MEMORY_LIMIT, null),
                row("seccomp kill", facts(false, false, false, false, null, false, -1, 31, ms, false),
                        SandboxStatus.SECCOMP_KILLED, null));
    }

    private static Arguments row(String name, Outcome.Facts f, SandboxStatus s, TimeoutKind kind) {
        return Arguments.of(name, f, s, kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classify(String name, Outcome.Facts facts, SandboxStatus status, TimeoutKind kind) {
        Outcome o = Outcome.classify(facts);
        assertThat(o.status()).as(name).isEqualTo(status);
        if (kind == null) {
            assertThat(o.timeoutKind()).as(name).isEmpty();
        } else {
            assertThat(o.timeoutKind()).as(name).hasValue(kind);
        }
    }

    @org.junit.jupiter.api.Test
    void everyStatusHasARow() {
        assertThat(table().map(a -> a.get()[2])).containsAll(java.util.EnumSet.allOf(SandboxStatus.class));
    }
}
