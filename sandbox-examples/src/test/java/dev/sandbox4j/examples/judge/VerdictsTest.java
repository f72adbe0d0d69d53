package dev.sandbox4j.examples.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    private static final JudgeLimits L = JudgeIT.LIMITS; // 1 s, 64M

    private static SandboxResult r(SandboxStatus s, Integer code, Integer signal, long cpuMs, long rssKb) {
        return new SandboxResult(s, code == null ? OptionalInt.empty() : OptionalInt.of(code),
                signal == null ? OptionalInt.empty() : OptionalInt.of(signal), Duration.ofMillis(cpuMs),
                Duration.ofMillis(cpuMs), Duration.ZERO, rssKb, OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty(), false, s == SandboxStatus.TIMED_OUT ? Optional.of(TimeoutKind.CPU_TIME)
                        : Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    @Test
    void theLibrarysOutcomeDecidesFirst() {
        assertThat(Verdicts.of(r(SandboxStatus.TIMED_OUT, null, 9, 1001, 10), L, true, () -> true)).isEqualTo(Verdict.TLE);
        assertThat(Verdicts.of(r(SandboxStatus.MEMORY_LIMIT, null, 9, 5, 10), L, true, () -> true)).isEqualTo(Verdict.MLE);
        assertThat(Verdicts.of(r(SandboxStatus.OUTPUT_LIMIT, null, 9, 5, 10), L, true, () -> true)).isEqualTo(Verdict.OLE);
        assertThat(Verdicts.of(r(SandboxStatus.SIGNALED, null, 11, 5, 10), L, true, () -> true)).isEqualTo(Verdict.RE);
        assertThat(Verdicts.of(r(SandboxStatus.SECCOMP_KILLED, null, 31, 5, 10), L, true, () -> true))
                .isEqualTo(Verdict.RE);
        assertThat(Verdicts.of(r(SandboxStatus.EXITED, 1, null, 5, 10), L, true, () -> true)).isEqualTo(Verdict.RE);
    }

    @Test
    void aNormalEndIsComparedUnlessItUsedMoreCpuThanAllowed() {
        assertThat(Verdicts.of(r(SandboxStatus.EXITED, 0, null, 5, 10), L, true, () -> true)).isEqualTo(Verdict.AC);
        assertThat(Verdicts.of(r(SandboxStatus.EXITED, 0, null, 5, 10), L, true, () -> false)).isEqualTo(Verdict.WA);
        assertThat(Verdicts.of(r(SandboxStatus.EXITED, 0, null, 1001, 10), L, true, () -> true)).isEqualTo(Verdict.TLE);
    }

    @Test
    void withoutACgroupAFailureNearTheMemoryLimitIsMle() {
        assertThat(Verdicts.of(r(SandboxStatus.SIGNALED, null, 11, 5, 40_000), L, false, () -> true))
                .isEqualTo(Verdict.MLE);
        assertThat(Verdicts.of(r(SandboxStatus.SIGNALED, null, 11, 5, 1_000), L, false, () -> true))
                .isEqualTo(Verdict.RE);
        assertThat(Verdicts.of(r(SandboxStatus.SIGNALED, null, 11, 5, 40_000), L, true, () -> true))
                .as("with a cgroup the OOM killer reports MLE itself").isEqualTo(Verdict.RE);
    }
}
