package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.HostProcesses;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A sandbox sharing the host's pid namespace gets a cgroup even without limits, and nothing it started outlives
 * it: a double-forked {@code setsid} daemon is gone when the sandbox's result is there.
 */
class PidSharedCgroupIT {

    @Test
    void aSetsidDaemonOfAPidSharingSandboxIsGoneWhenTheSandboxEnds() throws Exception {
        CgroupFixture.assumeCgroups();
        String marker = "600." + UUID.randomUUID().getMostSignificantBits() % 1_000_000 + "1";
        // The daemon is detached twice (subshell, setsid) and the script returns at once; it waits until the
        // daemon shows in the (host's) process table so the test cannot pass on a daemon that never started.
        Run run = Run.sh(Sandbox.builder().share(Namespace.PID).timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN)),
                "(setsid sleep " + marker + " > /dev/null 2>&1 &); "
                        + "until pgrep -f 'sleep " + marker + "' > /dev/null; do :; done; echo daemon-up");
        assertThat(run.result().succeeded()).as(run.toString()).isTrue();
        assertThat(run.stdout()).isEqualTo("daemon-up\n");
        assertThat(run.result().memoryPeakBytes()).as("it ran in a cgroup: " + run).isPresent();
        assertThat(HostProcesses.withArgument(marker)).as("processes of the ended sandbox").isEmpty();
    }
}
