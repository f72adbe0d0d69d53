package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.MountStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steps that show a sandbox its own cgroup, laid out as runc does. */
class CgroupViewTest {

    private static final Path CG = Path.of("/sys/fs/cgroup");

    @Test
    void onV2TheGroupIsBoundReadOnlyOnSysFsCgroup() {
        Path dir = CG.resolve("sandbox4j/sbx-1-1");
        assertThat(CgroupView.steps(cgroup(CgroupLayout.UNIFIED, dir), Map.of()))
                .containsExactly(new MountStep.Bind(dir, "/sys/fs/cgroup", true));
    }

    @Test
    void onV1EachHierarchyGetsItsMountsNameAndCoMountedControllersALink() {
        Path cpuCpuacct = CG.resolve("cpu,cpuacct");
        Map<Controller, Path> mounts = Map.of(Controller.MEMORY, CG.resolve("memory"), Controller.CPU, cpuCpuacct,
                Controller.CPUACCT, cpuCpuacct);
        Path memory = CG.resolve("memory/sandbox4j/sbx-1-2");
        Path cpu = cpuCpuacct.resolve("sandbox4j/sbx-1-2");
        List<MountStep> steps = CgroupView.steps(cgroup(CgroupLayout.HYBRID, memory, cpu), mounts);
        assertThat(steps.getFirst()).isEqualTo(new MountStep.Tmpfs("/sys/fs/cgroup", CgroupView.TMPFS_BYTES, 0755, true));
        assertThat(steps).contains(new MountStep.Bind(memory, "/sys/fs/cgroup/memory", true),
                new MountStep.Bind(cpu, "/sys/fs/cgroup/cpu,cpuacct", true),
                new MountStep.Symlink("cpu,cpuacct", "/sys/fs/cgroup/cpu"),
                new MountStep.Symlink("cpu,cpuacct", "/sys/fs/cgroup/cpuacct"));
        assertThat(steps).hasSize(6).last().isEqualTo(new MountStep.RemountReadOnly("/sys/fs/cgroup", false));
    }

    private static SandboxCgroup cgroup(CgroupLayout layout, Path... dirs) {
        return new SandboxCgroup() {
            @Override public String name() { return dirs[0].getFileName().toString(); }
            @Override public CgroupLayout layout() { return layout; }
            @Override public List<Path> directories() { return List.of(dirs); }
            @Override public List<Path> procsFiles() { throw new UnsupportedOperationException(); }
            @Override public void join(long pid) { throw new UnsupportedOperationException(); }
            @Override public List<Long> pids() { throw new UnsupportedOperationException(); }
            @Override public boolean isEmpty() { throw new UnsupportedOperationException(); }
            @Override public void freeze() { throw new UnsupportedOperationException(); }
            @Override public void thaw() { throw new UnsupportedOperationException(); }
            @Override public void killAll() { throw new UnsupportedOperationException(); }
            @Override public CgroupStats stats() { throw new UnsupportedOperationException(); }
            @Override public boolean oomKilled() { throw new UnsupportedOperationException(); }
            @Override public void close() {}
        };
    }
}
