package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** rlimits and the CPU-time limit, as the program meets them. Root and rootless. */
class ResourceLimitsIT {
    static final int EMFILE = 24;

    @Test
    void aProgramOverNofile64GetsEmfile() throws Exception {
        Run r = Run.of(Probe.in(Sandbox.builder().rlimit(ResourceLimit.NOFILE, 64, 64), "emfile"));
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        // fds 0-2 are open, so 61 more fit under 64
        assertThat(r.stdout()).as("opened, errno").isEqualTo("61 " + EMFILE + "\n");

        Run ulimit = Run.sh(Sandbox.builder().rlimit(ResourceLimit.NOFILE, 64, 64), "ulimit -Sn; ulimit -Hn");
        assertThat(ulimit.stdout().lines()).containsExactly("64", "64");
    }

    @Test
    void cpuTimeLimitStopsABusyLoopAtAboutOneSecondOfCpu() throws Exception {
        // Rootless without a cgroup, RLIMIT_CPU alone enforces it; with one, the cgroup's total.
        Run r = Run.of(Probe.in(Sandbox.builder().cpuTimeLimit(Duration.ofSeconds(1)).allowPerProcessCpuTimeLimit()
                .timeout(Duration.ofSeconds(60)), "spin"));
        SandboxResult res = r.result();
        assertThat(res.status()).as(r.toString()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(res.timeoutKind()).as(r.toString()).hasValue(TimeoutKind.CPU_TIME);
        Duration cpu = res.cpuTime();
        if (res.cpuUsage().isPresent()) {
            // The cgroup's total, checked by the library against the limit to the millisecond.
            assertThat(cpu).as(r.toString()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
        } else {
            // RLIMIT_CPU alone: the kernel checks it against tick-sampled user+system time, which under load
            // charges a busy process whole ticks it shared, so it fired at 855-890 ms of the precise time
            // rusage reports. Never before half of it, never long after.
            assertThat(cpu).as(r.toString()).isBetween(Duration.ofMillis(500), Duration.ofMillis(2100));
        }
        assertThat(res.exitCode()).isEmpty();
    }
}
