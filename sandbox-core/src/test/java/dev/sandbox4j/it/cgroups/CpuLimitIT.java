package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * cpus(0.05) and a busy loop for 2 s of wall time: the quota holds it to about a twentieth of a CPU. Measured
 * from the cgroup over the loop itself (usage when it starts to usage at the end), so the sandbox's own setup,
 * slow in the emulated cgroup v2 VM, does not count.
 */
class CpuLimitIT {

    @Test
    void aBusyLoopForTwoSecondsUnderFiveHundredthsOfACpuUsesAtMost150ms() throws Exception {
        CgroupFixture.assumeCgroups();
        Duration before;
        SandboxResult r;
        String rest;
        try (SandboxProcess p = Sandbox.builder().cpus(0.05).timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "spin", "2").start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("spinning");
            before = p.stats().orElseThrow().cpuUsage().orElseThrow();
            rest = out.readLine();
            r = p.result().join();
        }
        assertThat(r.succeeded()).as(r.toString()).isTrue();
        assertThat(rest).isEqualTo("spun");
        assertThat(r.cpuUsage()).as(r.toString()).isPresent();
        assertThat(r.cpuUsage().get().minus(before)).as("CPU usage of the sandbox's cgroup during the 2 s loop")
                .isPositive().isLessThanOrEqualTo(Duration.ofMillis(150));
    }
}
