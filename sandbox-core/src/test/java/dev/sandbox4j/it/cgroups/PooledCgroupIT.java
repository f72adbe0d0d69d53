package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.PooledRun;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxPool;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.cgroups.CgroupHost;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pooled sandbox gives each run a fresh cgroup: its peak memory, CPU time and
 * OOM kills are the run's alone, and no group is left once the pool is closed.
 */
class PooledCgroupIT {
    private static final long MIB = 1024 * 1024;

    private static Sandbox limited(String memory) throws Exception {
        return Sandbox.builder().memory(memory).timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR).command("/bin/true").build();
    }

    private static SandboxResult run(SandboxPool pool, String... command) throws Exception {
        try (SandboxProcess p = pool.start(PooledRun.of(command).stdout(Redirect.DISCARD).stderr(Redirect.DISCARD))) {
            return p.result().join();
        }
    }

    /** The run's mount namespace: the same for every run of one prepared sandbox. */
    private static String idOf(SandboxPool pool) throws Exception {
        try (SandboxProcess p = pool.start("/bin/readlink", "/proc/self/ns/mnt")) {
            String id = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.result().join().succeeded()).isTrue();
            return id;
        }
    }

    @Test
    void run2sPeakMemoryAndCpuTimeDoNotIncludeRun1s() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        try (SandboxPool pool = SandboxPool.of(limited("256M"), 1)) {
            SandboxResult first = run(pool, "/bin/sh", "-c", CgroupFixture.PROBE + " alloc 100 && "
                    + CgroupFixture.PROBE + " cpu 300 1");
            String sandbox = idOf(pool);
            SandboxResult second = run(pool, "/bin/true");
            assertThat(idOf(pool)).as("runs with a cgroup reuse the prepared sandbox").isEqualTo(sandbox);
            assertThat(first.succeeded()).as(first.toString()).isTrue();
            assertThat(first.memoryPeakBytes().orElseThrow()).as(first.toString()).isGreaterThan(100 * MIB);
            assertThat(first.cpuUsage().orElseThrow()).as(first.toString()).isGreaterThan(Duration.ofMillis(250));
            assertThat(second.memoryPeakBytes().orElseThrow()).as(second.toString()).isLessThan(20 * MIB);
            assertThat(second.cpuUsage().orElseThrow()).as(second.toString()).isLessThan(Duration.ofMillis(100));
        }
        assertThat(CgroupFixture.ourSandboxCgroups(host)).as("every run's group and the pool's are gone").isEmpty();
    }

    @Test
    void run1HittingItsMemoryLimitDoesNotAffectRun2() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        try (SandboxPool pool = SandboxPool.of(limited("80M"), 1)) {
            SandboxResult first = run(pool, CgroupFixture.PROBE, "alloc", "200");
            SandboxResult second = run(pool, CgroupFixture.PROBE, "alloc", "20");
            assertThat(first.status()).as(first.toString()).isEqualTo(SandboxStatus.MEMORY_LIMIT);
            assertThat(first.oomKilled()).isTrue();
            assertThat(second.succeeded()).as(second.toString()).isTrue();
            assertThat(second.oomKilled()).isFalse();
            assertThat(second.memoryPeakBytes().orElseThrow()).isBetween(20 * MIB, 80 * MIB);
        }
        assertThat(CgroupFixture.ourSandboxCgroups(host)).isEmpty();
    }
}
