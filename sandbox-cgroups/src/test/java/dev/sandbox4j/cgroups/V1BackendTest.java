package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v1 logic (hybrid development machine layout) against a fake cgroupfs tree. */
class V1BackendTest {

    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    CgroupHost root;

    @BeforeEach
    void setUp() throws Exception {
        FakeHosts.hybrid(tmp);
        fs = new FakeCgroupFs(tmp);
        root = CgroupHost.detect(HostPaths.fakeTree(tmp, 0, 4242), fs);
    }

    private Path cg(String ctrl, String rest) {
        return tmp.resolve("sys/fs/cgroup").resolve(ctrl).resolve(rest);
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p).trim();
    }

    @Test
    void memoryLimitGoesToLimitThenMemswWithNoSwapByDefault() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST));
        assertThat(fs.writesTo("memory.")).containsExactly(
                "sys/fs/cgroup/memory/sandbox4j/s1/memory.limit_in_bytes=83886080",
                "sys/fs/cgroup/memory/sandbox4j/s1/memory.memsw.limit_in_bytes=83886080");
        assertThat(c.layout()).isEqualTo(CgroupLayout.HYBRID);
        c.close();
    }

    @Test
    void swapIsAllowedBeyondMemory() throws Exception {
        root.create("s1", CgroupLimits.builder().memory("80M").memorySwap("20M").build(CgroupLimitsTest.HOST));
        assertThat(read(cg("memory", "sandbox4j/s1/memory.memsw.limit_in_bytes"))).isEqualTo("104857600");
    }

    @Test
    void missingMemswIsAnErrorOnlyWhenSwapWasAsked() throws Exception {
        Files.delete(cg("memory", "memory.memsw.limit_in_bytes"));
        SandboxCgroup ok = root.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST));
        assertThat(read(cg("memory", "sandbox4j/s1/memory.limit_in_bytes"))).isEqualTo("83886080");
        ok.close();
        assertThatThrownBy(() -> root.create("s2", CgroupLimits.builder().memory("80M").memorySwap("1M")
                .build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.CONTROLLER_MISSING))
                .hasMessageContaining("memory.memsw.limit_in_bytes does not exist").hasMessageContaining("swapaccount=1");
        assertThat(cg("memory", "sandbox4j/s2")).as("rolled back").doesNotExist();
        assertThat(cg("freezer", "sandbox4j/s2")).doesNotExist();
    }

    @Test
    void cpuPidsAndBlkioFilesAndFormats() throws Exception {
        root.create("s1", CgroupLimits.builder().cpus(0.25).cpuWeight(100).pids(64)
                .ioReadBps("/dev/vda", 1048576).ioWriteIops("/dev/vda", 50).build(CgroupLimitsTest.HOST));
        assertThat(fs.writesTo("cpu/sandbox4j/s1/")).containsExactly(
                "sys/fs/cgroup/cpu/sandbox4j/s1/cpu.cfs_period_us=100000",
                "sys/fs/cgroup/cpu/sandbox4j/s1/cpu.cfs_quota_us=25000",
                "sys/fs/cgroup/cpu/sandbox4j/s1/cpu.shares=2598");
        assertThat(read(cg("pids", "sandbox4j/s1/pids.max"))).isEqualTo("64");
        assertThat(read(cg("blkio", "sandbox4j/s1/blkio.throttle.read_bps_device"))).isEqualTo("254:0 1048576");
        assertThat(read(cg("blkio", "sandbox4j/s1/blkio.throttle.write_iops_device"))).isEqualTo("254:0 50");
    }

    @Test
    void procsFilesCoverFreezerAccountingAndWhatARuntimeInsideReadsEvenWithoutLimits() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.none());
        assertThat(c.procsFiles()).containsExactlyInAnyOrder(
                cg("memory", "sandbox4j/s1/cgroup.procs"), cg("cpuacct", "sandbox4j/s1/cgroup.procs"),
                cg("pids", "sandbox4j/s1/cgroup.procs"), cg("freezer", "sandbox4j/s1/cgroup.procs"),
                cg("cpu", "sandbox4j/s1/cgroup.procs"), cg("cpuset", "sandbox4j/s1/cgroup.procs"));
        assertThat(read(cg("cpuset", "sandbox4j/s1/cpuset.cpus"))).as("joinable: filled from the parent").isEqualTo("0-1");
        // accounting only: mkdirs, no limit writes (cpuset's cpus and mems are the parent's, copied)
        assertThat(fs.writes).noneMatch(w -> w.contains("=") && !w.contains("/cpuset.cpus=") && !w.contains("/cpuset.mems="));
    }

    @Test
    void cpusetIsPopulatedFromTheParentBeforeAnyoneJoins() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.builder().cpuset("1").build(CgroupLimitsTest.HOST));
        assertThat(read(cg("cpuset", "sandbox4j/cpuset.cpus"))).isEqualTo("0-1");
        assertThat(read(cg("cpuset", "sandbox4j/cpuset.mems"))).isEqualTo("0");
        assertThat(read(cg("cpuset", "sandbox4j/s1/cpuset.cpus"))).isEqualTo("1");
        assertThat(read(cg("cpuset", "sandbox4j/s1/cpuset.mems"))).isEqualTo("0");
        assertThat(c.procsFiles()).contains(cg("cpuset", "sandbox4j/s1/cgroup.procs"));
        // the parent is prepared once: a second create writes only its own files
        fs.writes.clear();
        root.create("s2", CgroupLimits.builder().cpuset("0").build(CgroupLimitsTest.HOST));
        assertThat(fs.writes).noneMatch(w -> w.contains("sandbox4j/cpuset."));
    }

    @Test
    void joinWritesThePidToEveryHierarchyAndCloseRemovesEveryDirectory() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST));
        c.join(777777);
        for (Path p : c.procsFiles()) {
            assertThat(Files.readAllLines(p)).containsExactly("777777");
        }
        assertThat(c.isEmpty()).isFalse();
        assertThat(c.pids()).containsExactly(777777L);
        for (Path p : c.procsFiles()) {
            Files.writeString(p, ""); // the process "exits"
        }
        List<Path> dirs = c.directories();
        c.close();
        assertThat(dirs).hasSize(6).noneMatch(Files::exists);
        assertThat(cg("memory", "sandbox4j")).as("the shared parent stays").isDirectory();
        c.close(); // idempotent
    }

    @Test
    void freezeWaitsForFrozen() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.none());
        c.freeze();
        assertThat(read(cg("freezer", "sandbox4j/s1/freezer.state"))).isEqualTo("FROZEN");
        c.thaw();
        assertThat(read(cg("freezer", "sandbox4j/s1/freezer.state"))).isEqualTo("THAWED");
    }

    @Test
    void statsComeFromEachControllersFiles() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.builder().cpus(1).build(CgroupLimitsTest.HOST));
        Files.writeString(cg("memory", "sandbox4j/s1/memory.usage_in_bytes"), "4096\n");
        Files.writeString(cg("memory", "sandbox4j/s1/memory.max_usage_in_bytes"), "8192\n");
        Files.writeString(cg("memory", "sandbox4j/s1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(cg("cpuacct", "sandbox4j/s1/cpuacct.usage"), "1500000000\n");
        Files.writeString(cg("cpu", "sandbox4j/s1/cpu.stat"), "nr_periods 10\nnr_throttled 3\nthrottled_time 7000000\n");
        Files.writeString(cg("pids", "sandbox4j/s1/pids.current"), "5\n");
        Files.writeString(cg("pids", "sandbox4j/s1/pids.peak"), "9\n");
        CgroupStats s = c.stats();
        assertThat(s.memoryCurrentBytes()).hasValue(4096);
        assertThat(s.memoryPeakBytes()).hasValue(8192);
        assertThat(s.cpuUsage()).contains(Duration.ofMillis(1500));
        assertThat(s.cpuThrottledPeriods()).hasValue(3);
        assertThat(s.cpuThrottledTime()).contains(Duration.ofMillis(7));
        assertThat(s.pidsCurrent()).hasValue(5);
        assertThat(s.pidsPeak()).hasValue(9);
        assertThat(s.oomKills()).hasValue(2);
        assertThat(c.oomKilled()).isTrue();
    }

    @Test
    void withoutTheCpuControllerThrottlingIsAbsentNotZero() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.none());
        assertThat(c.stats().cpuThrottledPeriods()).isEmpty();
        assertThat(c.stats().cpuThrottledTime()).isEmpty();
    }

    @Test
    void oldKernelsWithoutOomKillLineFallBackToFailcnt() throws Exception {
        SandboxCgroup c = root.create("s1", CgroupLimits.builder().memory("8M").build(CgroupLimitsTest.HOST));
        Files.writeString(cg("memory", "sandbox4j/s1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");
        assertThat(c.stats().oomKills()).isEmpty();
        assertThat(c.oomKilled()).isFalse();
        Files.writeString(cg("memory", "sandbox4j/s1/memory.failcnt"), "3\n");
        assertThat(c.oomKilled()).isTrue();
    }

    @Test
    void aMissingControllerForARequestedLimitIsReportedAndNothingIsCreated() throws Exception {
        Path legacyTmp = Files.createDirectories(tmp.resolve("legacy"));
        FakeHosts.writeProc(legacyTmp, FakeHosts.LEGACY_MOUNTINFO, FakeHosts.LEGACY_PROC_CGROUP);
        for (String d : List.of("cpu,cpuacct", "memory", "pids", "freezer", "systemd")) {
            FakeCgroupFs.put(Files.createDirectories(legacyTmp.resolve("sys/fs/cgroup").resolve(d)), "cgroup.procs=");
        }
        for (String f : List.of("cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares", "cpuacct.usage")) {
            FakeCgroupFs.put(legacyTmp.resolve("sys/fs/cgroup/cpu,cpuacct"), f + "=");
        }
        CgroupHost legacy = CgroupHost.detect(HostPaths.fakeTree(legacyTmp, 0, 1), new FakeCgroupFs(legacyTmp));
        assertThat(legacy.layout()).isEqualTo(CgroupLayout.LEGACY);
        assertThatThrownBy(() -> legacy.create("s1", CgroupLimits.builder().cpuset("0").build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.isUnavailable()).isTrue())
                .hasMessageContaining("[cpuset] which are not mounted");
        assertThat(legacyTmp.resolve("sys/fs/cgroup/memory/sandbox4j/s1")).doesNotExist();
        // co-mounted cpu,cpuacct: one directory, one procs file
        SandboxCgroup c = legacy.create("s2", CgroupLimits.builder().cpus(1).build(CgroupLimitsTest.HOST));
        assertThat(c.procsFiles()).filteredOn(p -> p.toString().contains("cpu,cpuacct")).hasSize(1);
    }

    @Test
    void anOrdinaryUserGetsTheReasonAndHowToFixIt() throws Exception {
        int owner = (Integer) Files.getAttribute(tmp, "unix:uid");
        CgroupHost user = CgroupHost.detect(HostPaths.fakeTree(tmp, owner == 0 ? 1000 : owner + 1, 1), fs);
        assertThat(user.isAvailable()).isFalse();
        assertThat(user.defaultParent()).isEmpty();
        assertThat(user.unavailableReason().orElseThrow()).contains("is owned by uid").contains("run as root")
                .contains("systemd-run --user --scope -p Delegate=yes");
        assertThatThrownBy(() -> user.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.UNAVAILABLE));
        assertThatThrownBy(() -> user.create("s1", CgroupLimits.none()))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.isUnavailable()).isTrue());
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void parentOverrideAcceptsACgroupPathOrAMountDirectory() throws Exception {
        SandboxCgroup a = root.create(Path.of("/judge"), "s1", CgroupLimits.none());
        assertThat(a.directories()).contains(cg("memory", "judge/s1"));
        SandboxCgroup b = root.create(tmp.resolve("sys/fs/cgroup/memory/judge"), "s2", CgroupLimits.none());
        assertThat(b.directories()).contains(cg("pids", "judge/s2"));
    }

    @Test
    void badNamesAndExistingNamesAreRejected() throws Exception {
        assertThatThrownBy(() -> root.create("../x", CgroupLimits.none())).hasMessageContaining("invalid cgroup name '../x'");
        assertThatThrownBy(() -> root.create("a/b", CgroupLimits.none())).isInstanceOf(IllegalArgumentException.class);
        root.create("dup", CgroupLimits.none());
        assertThatThrownBy(() -> root.create("dup", CgroupLimits.none())).hasMessageContaining("already exists");
    }

    @Test
    void describeSaysLayoutControllersAndParent() {
        List<String> d = root.describe();
        assertThat(d.get(0)).startsWith("layout: HYBRID").contains("not used");
        assertThat(d.get(1)).contains("memory=").contains("blkio=");
        assertThat(d.get(2)).startsWith("parent: /sandbox4j in ");
    }
}
