package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which groups the sweep takes: those of JVMs that are gone, never a live owner's, never other names. */
class StaleCgroupsTest {

    @TempDir
    Path memory;
    @TempDir
    Path pids;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void groupsOfAGoneJvmAreRemovedInEveryHierarchyAndNothingElse() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        for (Path h : List.of(memory, pids)) {
            Files.createDirectory(h.resolve("sbx-" + dead + "-1"));
            Files.createDirectory(h.resolve("sbx-" + self + "-1"));
            Files.createDirectory(h.resolve("judge-7"));
        }
        List<Path> removed = StaleCgroups.sweep(List.of(memory, pids, memory.resolve("absent")));
        assertThat(removed).containsExactlyInAnyOrder(memory.resolve("sbx-" + dead + "-1"), pids.resolve("sbx-" + dead + "-1"));
        for (Path h : List.of(memory, pids)) {
            assertThat(h.resolve("sbx-" + self + "-1")).as("this JVM's own").isDirectory();
            assertThat(h.resolve("judge-7")).as("not a sandbox group").isDirectory();
        }
    }

    @Test
    void aLiveOwnerKeepsItsGroupsUnlessItsPidWasReusedAfterThem() throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        try {
            Path dir = Files.createDirectory(memory.resolve("sbx-" + owner.pid() + "-3"));
            assertThat(StaleCgroups.ownerGone(owner.pid(), List.of(dir))).as("created after its owner started").isFalse();
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(3600)));
            assertThat(StaleCgroups.ownerGone(owner.pid(), List.of(dir))).as("older than the process with that pid").isTrue();
        } finally {
            owner.destroyForcibly().waitFor();
        }
    }
}
