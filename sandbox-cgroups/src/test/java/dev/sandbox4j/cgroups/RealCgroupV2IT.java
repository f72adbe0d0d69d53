package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.cgroups.internal.MountInfo;
import dev.sandbox4j.cgroups.internal.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 code paths on a real cgroup2 hierarchy, also on a hybrid host: there the cgroup2 mount (usually
 * /sys/fs/cgroup/unified, with no controllers) is used on its own by giving the v2 backend a mountinfo with just
 * that line. Covers what needs no controller: join, cgroup.freeze, cgroup.kill, cgroup.events, cpu.stat, removal.
 */
class RealCgroupV2IT {

    @TempDir
    static Path tmp;
    private static CgroupHost host;
    private static Path parentDir;

    @BeforeAll
    static void setUp() throws IOException {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        String line = mountinfo.lines().filter(l -> l.contains(" - cgroup2 ")).findFirst().orElse(null);
        assumeTrue(line != null, "no cgroup2 mount on this host");
        assumeTrue(HostPaths.system().uid() == 0 || CgroupHost.detect().layout() == CgroupLayout.UNIFIED,
                "not root, and the v2 side of a hybrid host cannot be delegated");
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .findFirst().orElse("0::/");
        Files.writeString(tmp.resolve("mountinfo"), line + "\n");
        Files.writeString(tmp.resolve("cgroup"), own + "\n");
        HostPaths real = HostPaths.system();
        host = CgroupHost.detect(new HostPaths(tmp.resolve("mountinfo"), tmp.resolve("cgroup"), Path.of("/"), real.uid(),
                real.pid()));
        assumeTrue(host.isAvailable(), () -> "no writable cgroup v2: " + host.unavailableReason().orElse("?"));
        Path mount = Path.of(MountInfo.cgroupMounts(line).getFirst().mountPoint());
        parentDir = mount.resolve(host.defaultParent().orElseThrow().substring(1)).resolve("v2it-" + real.pid());
    }

    @AfterAll
    static void removeParent() throws IOException {
        if (parentDir != null && Files.isDirectory(parentDir)) {
            Files.delete(parentDir); // fails (and so fails the run) if a sandbox cgroup was left inside
        }
    }

    private static Process gated(String script) throws IOException {
        return new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
    }

    private static void release(Process p) throws IOException {
        p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
    }

    @Test
    void joinFreezeThawKillAndRemoveOnARealV2Hierarchy() throws Exception {
        assertThat(host.layout()).isEqualTo(CgroupLayout.UNIFIED);
        SandboxCgroup cg = host.create(parentDir, "k1", CgroupLimits.none());
        Process p = gated("(sleep 600 &) ; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 600");
        try {
            assertThat(cg.procsFiles()).containsExactly(parentDir.resolve("k1/cgroup.procs"));
            cg.join(p.pid());
            assertThat(Files.readAllLines(parentDir.resolve("k1/cgroup.events"))).contains("populated 1");
            release(p);
            assertThat(Poll.until(Duration.ofSeconds(10), () -> cg.pids().size() >= 3)).isTrue();

            cg.freeze();
            assertThat(Files.readAllLines(parentDir.resolve("k1/cgroup.events"))).contains("frozen 1");
            cg.thaw();
            assertThat(Files.readAllLines(parentDir.resolve("k1/cgroup.events"))).contains("frozen 0");

            List<Long> pids = cg.pids();
            cg.killAll();
            assertThat(cg.isEmpty()).isTrue();
            assertThat(Files.readAllLines(parentDir.resolve("k1/cgroup.events"))).contains("populated 0");
            for (long pid : pids) {
                assertThat(Poll.until(Duration.ofSeconds(5), () -> ProcState.dead(pid)))
                        .as("pid " + pid).isTrue();
            }
            assertThat(cg.stats().cpuUsage()).hasValueSatisfying(d -> assertThat(d).isPositive());
        } finally {
            p.destroyForcibly();
            cg.close();
        }
        assertThat(parentDir.resolve("k1")).doesNotExist();
    }

    @Test
    void limitsNeedingControllersTheHierarchyLacksAreRefusedWithTheReason() throws Exception {
        Path controllers = parentDir.getParent().getParent().resolve("cgroup.controllers");
        assumeTrue(!Files.readString(controllers).contains("pids"), "this cgroup2 has the pids controller");
        assertThatThrownBy(() -> host.create(parentDir, "k2", CgroupLimits.builder().pids(5).build()))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.CONTROLLER_MISSING))
                .hasMessageContaining("[pids] are not available");
        assertThat(parentDir.resolve("k2")).doesNotExist();
    }
}
