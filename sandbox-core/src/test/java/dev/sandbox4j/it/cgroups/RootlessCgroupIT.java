package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.it.HostProcesses;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An ordinary user without a delegated cgroup (the rootless CI lane): asking for a limit fails start() with a
 * message saying how to get a cgroup, and never runs the program unlimited; asking for no limit still works.
 */
class RootlessCgroupIT {

    private static void assumeOrdinaryUserWithoutCgroup() {
        assumeTrue(CgroupFixture.uid() != 0, "runs in the rootless lane: needs an ordinary user, this is root");
        assumeFalse(CgroupHost.detect().isAvailable(), "this user has a writable (delegated) cgroup");
    }

    @Test
    void aMemoryLimitWithoutAWritableCgroupFailsStartWithTheWayToGetOne() throws Exception {
        assumeOrdinaryUserWithoutCgroup();
        String marker = "unlimited-" + UUID.randomUUID();
        assertThatThrownBy(() -> Sandbox.builder().memory("80M").command("/bin/sh", "-c", "sleep 600", marker).start())
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("systemd-run")
                .hasMessageContaining("Delegate=yes")
                .satisfies(e -> assertThat(((SandboxStartException) e).step()).isEqualTo("cgroup"));
        assertThat(HostProcesses.withArgument(marker)).as("the program did not run").isEmpty();
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void aCpuTimeLimitWithoutACgroupFailsStartUnlessThePerProcessFallbackIsAllowed() throws Exception {
        assumeOrdinaryUserWithoutCgroup();
        assertThatThrownBy(() -> Sandbox.builder().cpuTimeLimit(Duration.ofMillis(500)).command("/bin/true").start())
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("cpuTimeLimit").hasMessageContaining("allowPerProcessCpuTimeLimit()");

        Run run = Run.sh(Sandbox.builder().cpuTimeLimit(Duration.ofMillis(500)).allowPerProcessCpuTimeLimit()
                .timeout(Duration.ofSeconds(60)), "while :; do :; done");
        assertThat(run.result().status()).as(run.toString()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(run.result().timeoutKind()).hasValue(TimeoutKind.CPU_TIME);
        assertThat(run.result().cpuUsage()).as("no cgroup measured it").isEmpty();
        // RLIMIT_CPU counts whole seconds: 500 ms becomes 1 s for the one process, by the kernel's tick-sampled
        // count, which under load fired at 855 ms of the precise time rusage reports: never before 500 ms.
        assertThat(run.result().cpuTime()).isBetween(Duration.ofMillis(500), Duration.ofMillis(2100));
    }

    @Test
    void noLimitsStillWorks() throws Exception {
        assumeOrdinaryUserWithoutCgroup();
        Run run = Run.sh(Sandbox.builder(), "echo hello from $(id -u)");
        assertThat(run.result().succeeded()).as(run.toString()).isTrue();
        assertThat(run.stdout()).startsWith("hello from");
        assertThat(run.result().memoryPeakBytes()).isEmpty();
        assertThat(run.result().oomKilled()).isFalse();
    }
}
