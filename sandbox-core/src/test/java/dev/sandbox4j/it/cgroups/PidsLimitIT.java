package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.SandboxStats;
import dev.sandbox4j.it.HostProcesses;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** pids(64) and a fork bomb: the bomb stays at 64 tasks, the host goes on, the sandbox ends at its timeout. */
class PidsLimitIT {

    @Test
    void aForkBombStaysAt64TasksAndEndsCleanlyAtTheTimeout() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        String marker = "bomb-" + UUID.randomUUID();
        Duration timeout = Duration.ofSeconds(Math.min(4 * CgroupFixture.SLOWDOWN, 30)); // the bomb fills in ms here
        AtomicLong most = new AtomicLong();
        SandboxResult r;
        try (SandboxProcess p = Sandbox.builder().pids(64).timeout(timeout)
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD)
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "forkbomb", marker).start()) {
            // wait until the bomb has filled its cgroup, watching pids.current all along
            boolean full = CgroupFixture.poll(timeout, () -> current(p, most) >= 60);
            assertThat(full).as("the bomb reached its limit (most tasks seen: %d)", most.get()).isTrue();

            // the host can still start processes while the bomb runs
            assertThat(p.isAlive()).isTrue();
            assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
            current(p, most);

            r = p.result().join();
        }
        assertThat(most.get()).as("pids.current seen during the bomb").isBetween(60L, 64L);
        assertThat(r.status()).as(r.toString()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(r.timeoutKind()).hasValue(TimeoutKind.WALL_TIME);
        if (r.pidsPeak().isPresent()) {
            assertThat(r.pidsPeak().getAsLong()).as("pids peak").isBetween(60L, 64L);
        }
        // nothing left: no bomb process on the host, no cgroup directory
        assertThat(HostProcesses.withArgument(marker)).isEmpty();
        assertThat(CgroupFixture.ourSandboxCgroups(host)).isEmpty();
    }

    private static long current(SandboxProcess p, AtomicLong most) {
        try {
            Optional<SandboxStats> s = p.stats();
            long n = s.flatMap(st -> st.pidsCurrent().isPresent() ? Optional.of(st.pidsCurrent().getAsLong())
                    : Optional.empty()).orElse(0L);
            most.accumulateAndGet(n, Math::max);
            return n;
        } catch (Exception e) {
            return 0; // the sandbox ended meanwhile
        }
    }
}
