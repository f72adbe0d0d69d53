package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** cpus(0.05) and a busy loop for 2 s of wall time: the quota holds it to about a twentieth of a CPU. */
class CpuLimitIT {

    @Test
    void aBusyLoopForTwoSecondsUnderFiveHundredthsOfACpuUsesAtMost150ms() throws Exception {
        CgroupFixture.assumeCgroups();
        Run run = Run.of(Sandbox.builder().cpus(0.05).timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "spin", "2"));

        assertThat(run.result().succeeded()).as(run.toString()).isTrue();
        assertThat(run.stdout()).contains("spun");
        assertThat(run.result().cpuUsage()).as(run.toString()).isPresent();
        assertThat(run.result().cpuUsage().get()).as("CPU usage of the sandbox's cgroup")
                .isPositive().isLessThanOrEqualTo(Duration.ofMillis(150));
    }
}
