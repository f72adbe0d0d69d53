package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** memory("80M") and a program that touches 200 MiB: the memory controller kills it, the host does not notice. */
class MemoryLimitIT {

    private static final long MIB = 1024 * 1024;

    @Test
    void aProgramAllocating200MiBUnder80MIsOomKilledWithAPeakNear80M() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        Run run = Run.of(Sandbox.builder().memory("80M").timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "alloc", "200"));

        assertThat(run.result().status()).as(run.toString()).isEqualTo(SandboxStatus.MEMORY_LIMIT);
        assertThat(run.result().oomKilled()).isTrue();
        assertThat(run.result().signal()).hasValue(9);
        assertThat(run.stdout()).doesNotContain("allocated");
        assertThat(run.result().memoryPeakBytes()).as(run.toString()).isPresent();
        assertThat(run.result().memoryPeakBytes().getAsLong()).as("memory peak")
                .isBetween(60 * MIB, 85 * MIB);

        // the host is unaffected: this JVM lives, a new host process starts and ends normally
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
        assertThat(CgroupFixture.ourSandboxCgroups(host)).isEmpty();
    }

    @Test
    void aProgramWithinItsMemoryLimitRunsToTheEnd() throws Exception {
        CgroupFixture.assumeCgroups();
        Run run = Run.of(Sandbox.builder().memory("80M").timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN))
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "alloc", "20"));

        assertThat(run.result().succeeded()).as(run.toString()).isTrue();
        assertThat(run.stdout()).contains("allocated 20 MiB");
        assertThat(run.result().oomKilled()).isFalse();
        assertThat(run.result().memoryPeakBytes().orElseThrow()).isBetween(20 * MIB, 80 * MIB);
    }
}
