package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.cgroups.CgroupHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sandbox cgroups do not accumulate: 500 runs in a row leave nothing under their parent. */
class CgroupCleanupIT {

    @Test
    void fiveHundredRunsWithAMemoryLimitLeaveNoCgroupBehind() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        String parent = host.defaultParent().orElseThrow() + "/cleanup-it-" + ProcessHandle.current().pid();
        Sandbox box = Sandbox.builder().memory("64M").cgroupParent(Path.of(parent)).command("/bin/true").build();
        List<Path> parentDirs = new ArrayList<>();
        for (Path mount : CgroupFixture.cgroupMounts()) {
            parentDirs.add(mount.resolve(parent.substring(1)));
        }
        try {
            for (int i = 0; i < 500; i++) {
                try (SandboxProcess p = box.start()) {
                    SandboxResult r = p.result().join();
                    assertThat(r.succeeded()).as("run %d: %s", i, r).isTrue();
                    assertThat(r.memoryPeakBytes()).as("run %d", i).isPresent();
                }
            }
            List<Path> existing = parentDirs.stream().filter(Files::isDirectory).toList();
            assertThat(existing).as("the parent was made in the hierarchies used").isNotEmpty();
            for (Path dir : existing) {
                try (Stream<Path> s = Files.list(dir)) {
                    assertThat(s.filter(Files::isDirectory).toList()).as("cgroups left under " + dir).isEmpty();
                }
            }
            assertThat(CgroupFixture.ourSandboxCgroups(host)).isEmpty();
        } finally {
            for (Path dir : parentDirs) {
                if (Files.isDirectory(dir)) {
                    Files.delete(dir); // an rmdir: fails if a cgroup is still inside
                }
            }
        }
    }
}
