package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a sandbox sees at {@code /sys/fs/cgroup}: its own cgroup, read-only, rooted at {@code /} by the cgroup
 * namespace, so a runtime inside sizes itself to its limits; without a cgroup, nothing of the host's.
 */
class CgroupViewIT {

    private static final long MIB = 1024 * 1024;

    private static SandboxBuilder limited() {
        return Sandbox.builder().timeout(Duration.ofSeconds(60 * CgroupFixture.SLOWDOWN));
    }

    @Test
    void theSandboxSeesOnlyItsOwnGroupWithItsLimitAndAtTheCgroupNamespacesRoot() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        Run run = Run.sh(limited().memory("64M").pids(77),
                "cat /proc/self/cgroup; echo ---; ls /sys/fs/cgroup; echo ---; "
                        + "find /sys/fs/cgroup -mindepth 1 -type d; echo ---; "
                        + "cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null; true");
        assertThat(run.result().succeeded()).as(run.toString()).isTrue();
        String[] parts = run.stdout().split("---\n", -1);
        List<String> cgroupLines = Arrays.asList(parts[0].strip().split("\n"));
        assertThat(cgroupLines).as("every hierarchy is rooted at the sandbox: %s", run).allMatch(l -> l.endsWith(":/"));
        List<String> listed = Arrays.asList(parts[1].strip().split("\n"));
        List<String> dirs = parts[2].isBlank() ? List.of() : Arrays.asList(parts[2].strip().split("\n"));
        if (host.layout() == CgroupLayout.UNIFIED) {
            assertThat(listed).as(run.toString()).contains("cgroup.procs", "memory.max", "pids.max");
            assertThat(dirs).as("no group below the sandbox's own: " + run).isEmpty();
        } else {
            assertThat(listed).as(run.toString()).contains("memory", "pids", "cpu", "cpuacct", "cpuset", "freezer");
            assertThat(dirs).as("only one directory per hierarchy, none below: " + run)
                    .allMatch(d -> d.chars().filter(c -> c == '/').count() == 4);
        }
        assertThat(run.stdout()).doesNotContain("sbx-", "sandbox4j");
        assertThat(parts[3].strip()).as(run.toString()).isEqualTo("77");
    }

    @Test
    void theSandboxCannotWriteItsCgroup() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        String limit = host.layout() == CgroupLayout.UNIFIED ? "/sys/fs/cgroup/pids.max" : "/sys/fs/cgroup/pids/pids.max";
        Run run = Run.sh(limited().pids(77),
                "echo 1000 > " + limit + "; echo \"write $?\"; cat " + limit + "; mkdir /sys/fs/cgroup/x; echo \"mkdir $?\";"
                        + " grep ' /sys/fs/cgroup' /proc/self/mountinfo");
        assertThat(run.stdout()).as(run.toString()).contains("write ", "mkdir ")
                .doesNotContain("write 0", "mkdir 0", "1000");
        assertThat(run.stdout()).as(run.toString()).contains("77");
        assertThat(run.stderr()).as(run.toString()).contains("Read-only file system");
        List<String> mounts = run.stdout().lines().filter(l -> l.contains(" /sys/fs/cgroup")).toList();
        assertThat(mounts).as(run.toString()).isNotEmpty().allMatch(l -> l.split(" ")[5].matches("ro(,.*)?"));
    }

    @Test
    void withoutACgroupTheSandboxSeesNoHostGroup() throws Exception {
        Run run = Run.sh(Sandbox.builder(), "ls -A /sys/fs/cgroup; echo \"ls $?\"");
        assertThat(run.stdout()).as(run.toString()).isEqualTo("ls 0\n");
    }

    @Test
    void aJvmInsideSizesItselfFromTheSandboxsLimits() throws Exception {
        CgroupFixture.assumeCgroups();
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs more than one CPU to tell cpus(1.0) apart");
        // Below ~260 MB of memory the JVM's default heap is MinRAMPercentage (50 %) of it, above MaxRAMPercentage
        // (25 %): either way far below what it takes from the host when it cannot see its limit.
        long[] small = JvmProbe.run(limited().memory("256M").cpus(1.0));
        assertThat(small[0]).as("maxMemory under memory(256M)").isPositive().isLessThanOrEqualTo(128 * MIB);
        assertThat(small[1]).as("availableProcessors under cpus(1.0)").isEqualTo(1);
        long[] large = JvmProbe.run(limited().memory("1G"));
        assertThat(large[0]).as("maxMemory under memory(1G)").isPositive().isLessThanOrEqualTo(256 * MIB);
    }
}
