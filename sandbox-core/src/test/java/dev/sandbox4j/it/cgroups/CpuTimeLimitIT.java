package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * cpuTimeLimit is the total CPU of the whole sandbox, to the millisecond, measured on its cgroup: busy
 * processes are stopped just past it however many there are. Every bound is on CPU time the cgroup
 * measured, never on wall time, so a loaded host or the slow v2 VM changes how long a test takes, not
 * what it sees. Also in the cgroup v2 lane.
 */
class CpuTimeLimitIT {
    private static final Duration LIMIT = Duration.ofMillis(500);
    // The check runs on the event loop's timer; a late timer lets the sandbox's CPUs run on meanwhile.
    // The emulated v2 VM's timers are late by far more than a host's.
    private static final Duration MAX = LIMIT.plusMillis(CgroupFixture.SLOWDOWN > 1 ? 1000 : 100);

    private static Run busy(long ms, int children) throws Exception {
        SandboxBuilder b = Sandbox.builder().cpuTimeLimit(LIMIT)
                .timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "cpu", Long.toString(ms), Integer.toString(children));
        return Run.of(b);
    }

    private static void assertStoppedJustPastTheLimit(Run run) {
        SandboxResult r = run.result();
        assertThat(r.status()).as(run.toString()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(r.timeoutKind()).as(run.toString()).hasValue(TimeoutKind.CPU_TIME);
        assertThat(r.cpuUsage()).as("the cgroup's total is reported").isPresent();
        assertThat(r.cpuTime()).as(run.toString()).isBetween(LIMIT, MAX);
        assertThat(run.stdout()).as("the program did not finish").doesNotContain("used");
    }

    @Test
    void oneBusyProcessIsStoppedAtTheLimitOfTotalCpu() throws Exception {
        CgroupFixture.assumeCgroups();
        assertStoppedJustPastTheLimit(busy(0, 1));
    }

    @Test
    void fourForkedBusyProcessesShareOneBudget() throws Exception {
        CgroupFixture.assumeCgroups();
        Run run = busy(0, 4);
        assertStoppedJustPastTheLimit(run);
        // Per-process RLIMIT_CPU would have let each of the four use a whole second.
    }

    @Test
    void aProgramUsing300msOfCpuIsUnaffected() throws Exception {
        CgroupFixture.assumeCgroups();
        Run run = busy(300, 1);
        assertThat(run.result().status()).as(run.toString()).isEqualTo(SandboxStatus.EXITED);
        assertThat(run.result().exitCode()).hasValue(0);
        assertThat(run.stdout()).isEqualTo("used 300 ms in 1\n");
        assertThat(run.result().cpuTime()).isBetween(Duration.ofMillis(300), LIMIT);
    }
}
