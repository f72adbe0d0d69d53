package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    @Test
    void exitedWithoutCgroupFigures() {
        SandboxResult r = new SandboxResult(SandboxStatus.EXITED, OptionalInt.of(3), OptionalInt.empty(),
                Duration.ofMillis(12), Duration.ofMillis(4), Duration.ofMillis(2), 1800,
                OptionalLong.empty(), Duration.ZERO);
        assertThat(ResultJson.toJson(r)).isEqualTo("{\"status\":\"EXITED\",\"exitCode\":3,\"signal\":null,"
                + "\"wallMillis\":12,\"cpuUserMillis\":4,\"cpuSystemMillis\":2,\"maxRssKb\":1800}");
        assertThat(SandboxRun.exitCode(r)).isEqualTo(3);
    }

    @Test
    void timedOutWithCgroupFigures() {
        SandboxResult r = new SandboxResult(SandboxStatus.TIMED_OUT, OptionalInt.empty(), OptionalInt.of(9),
                Duration.ofMillis(201), Duration.ZERO, Duration.ofNanos(999_999), 0,
                OptionalLong.of(4096), Duration.ofMillis(7));
        assertThat(ResultJson.toJson(r)).isEqualTo("{\"status\":\"TIMED_OUT\",\"exitCode\":null,\"signal\":9,"
                + "\"wallMillis\":201,\"cpuUserMillis\":0,\"cpuSystemMillis\":0,\"maxRssKb\":0,"
                + "\"memoryPeakBytes\":4096,\"cpuUsageMillis\":7}");
        assertThat(SandboxRun.exitCode(r)).isEqualTo(137);
    }

    @Test
    void signaledMirrorsAsShellsDo() {
        SandboxResult r = new SandboxResult(SandboxStatus.SIGNALED, OptionalInt.empty(), OptionalInt.of(15),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, OptionalLong.empty(), null);
        assertThat(SandboxRun.exitCode(r)).isEqualTo(143);
        assertThat(ResultJson.fields(r)).doesNotContainKeys("memoryPeakBytes", "cpuUsageMillis");
    }
}
