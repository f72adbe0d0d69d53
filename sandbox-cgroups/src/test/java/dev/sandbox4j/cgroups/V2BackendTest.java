package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v2 logic against a fake cgroupfs tree: files and formats, delegation, the no-internal-processes rule. */
class V2BackendTest {

    static final long JVM = 4242;

    @TempDir
    Path tmp;

    private Path v2(String rest) {
        return tmp.resolve("sys/fs/cgroup").resolve(rest);
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p).trim();
    }

    private CgroupHost asRoot(FakeCgroupFs fs) throws Exception {
        FakeHosts.unified(tmp, JVM, "cpu memory pids");
        return CgroupHost.detect(HostPaths.fakeTree(tmp, 0, JVM), fs);
    }

    @Test
    void rootEnablesControllersTopDownAndWritesEveryLimit() throws Exception {
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = asRoot(fs);
        assertThat(host.layout()).isEqualTo(CgroupLayout.UNIFIED);
        assertThat(host.defaultParent()).contains("/sandbox4j");
        SandboxCgroup c = host.create("s1", CgroupLimits.builder().memory("80M").cpus(0.5).cpuWeight(50).pids(64)
                .cpuset("1").ioReadBps("/dev/vda", 100).ioWriteBps("/dev/vda", 200).ioReadIops("254:0", 7)
                .build(CgroupLimitsTest.HOST));
        assertThat(fs.writes).containsExactly(
                "mkdir sys/fs/cgroup/sandbox4j",
                "sys/fs/cgroup/sandbox4j/cgroup.subtree_control=+memory +cpu +cpuset +pids +io",
                "mkdir sys/fs/cgroup/sandbox4j/s1",
                "sys/fs/cgroup/sandbox4j/s1/cpuset.cpus=1",
                "sys/fs/cgroup/sandbox4j/s1/cpuset.mems=0",
                "sys/fs/cgroup/sandbox4j/s1/memory.max=83886080",
                "sys/fs/cgroup/sandbox4j/s1/memory.swap.max=0",
                "sys/fs/cgroup/sandbox4j/s1/cpu.max=50000 100000",
                "sys/fs/cgroup/sandbox4j/s1/cpu.weight=50",
                "sys/fs/cgroup/sandbox4j/s1/pids.max=64",
                "sys/fs/cgroup/sandbox4j/s1/io.max=254:0 rbps=100 wbps=200 riops=7");
        assertThat(c.procsFiles()).containsExactly(v2("sandbox4j/s1/cgroup.procs"));
        assertThat(c.layout()).isEqualTo(CgroupLayout.UNIFIED);
        // the parent is ready: the next sandbox costs one mkdir and its limit writes
        fs.writes.clear();
        host.create("s2", CgroupLimits.builder().pids(3).build(CgroupLimitsTest.HOST));
        assertThat(fs.writes).containsExactly("mkdir sys/fs/cgroup/sandbox4j/s2", "sys/fs/cgroup/sandbox4j/s2/pids.max=3");
    }

    @Test
    void swapBeyondMemoryGoesToSwapMax() throws Exception {
        CgroupHost host = asRoot(new FakeCgroupFs(tmp));
        host.create("s1", CgroupLimits.builder().memory("80M").memorySwap("1G").build(CgroupLimitsTest.HOST));
        assertThat(read(v2("sandbox4j/s1/memory.swap.max"))).isEqualTo("1073741824");
    }

    @Test
    void anOrdinaryUserWithADelegatedScopeMovesTheJvmIntoALeafBeforeEnablingControllers() throws Exception {
        FakeHosts.unified(tmp, JVM, "cpu memory pids");
        Path own = FakeHosts.ownScope(tmp);
        int user = FakeHosts.delegate(own);
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, user, JVM), fs);
        assertThat(host.isAvailable()).as(host.unavailableReason().orElse("")).isTrue();
        assertThat(host.defaultParent()).contains(FakeHosts.OWN_SCOPE + "/sandbox4j");
        assertThat(host.describe()).anyMatch(l -> l.contains("delegated to uid " + user));

        SandboxCgroup c = host.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST));

        String scope = "sys/fs/cgroup" + FakeHosts.OWN_SCOPE;
        assertThat(fs.writes).containsSubsequence(
                "mkdir " + scope + "/sandbox4j-host",
                scope + "/sandbox4j-host/cgroup.procs=" + JVM,
                scope + "/cgroup.subtree_control=+memory +pids",
                "mkdir " + scope + "/sandbox4j",
                scope + "/sandbox4j/cgroup.subtree_control=+memory +pids",
                "mkdir " + scope + "/sandbox4j/s1",
                scope + "/sandbox4j/s1/memory.max=83886080");
        assertThat(read(own.resolve("cgroup.procs"))).as("no process left in a cgroup that has controllers on").isEmpty();
        assertThat(read(own.resolve("sandbox4j-host/cgroup.procs"))).isEqualTo(Long.toString(JVM));
        assertThat(c.directories()).containsExactly(own.resolve("sandbox4j/s1"));
    }

    @Test
    void accountingOnlyDoesNotMoveTheJvm() throws Exception {
        FakeHosts.unified(tmp, JVM, "cpu memory pids");
        int user = FakeHosts.delegate(FakeHosts.ownScope(tmp));
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, user, JVM), fs);
        SandboxCgroup c = host.create("s1", CgroupLimits.none());
        assertThat(fs.writes).noneMatch(w -> w.contains("sandbox4j-host"));
        assertThat(read(FakeHosts.ownScope(tmp).resolve("cgroup.procs"))).isEqualTo(Long.toString(JVM));
        assertThat(c.stats().cpuUsage()).contains(Duration.ZERO); // cpu.stat is in the core, always there
        assertThat(c.stats().memoryCurrentBytes()).isEmpty(); // memory controller not enabled for it
    }

    @Test
    void aJvmAlreadyInItsLeafIsSeenAsTheDelegatedScope() throws Exception {
        FakeHosts.unified(tmp, JVM, "cpu memory pids");
        Path own = FakeHosts.ownScope(tmp);
        Files.writeString(tmp.resolve("proc/self/cgroup"), "0::" + FakeHosts.OWN_SCOPE + "/sandbox4j-host\n");
        int user = FakeHosts.delegate(own);
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, user, JVM), new FakeCgroupFs(tmp));
        assertThat(host.defaultParent()).contains(FakeHosts.OWN_SCOPE + "/sandbox4j");
    }

    @Test
    void aCgroupNotDelegatedToTheUserIsUnavailableWithHowToGetOne() throws Exception {
        FakeHosts.unified(tmp, JVM, "cpu memory pids");
        int owner = (Integer) Files.getAttribute(FakeHosts.ownScope(tmp), "unix:uid");
        int other = owner == 0 ? 1000 : owner + 1;
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, other, JVM), fs);
        assertThat(host.isAvailable()).isFalse();
        assertThat(host.controllers()).isEmpty();
        assertThat(host.unavailableReason().orElseThrow())
                .contains(FakeHosts.OWN_SCOPE + " is not delegated to you")
                .contains("owned by uid " + owner + ", you are uid " + other)
                .contains("systemd-run --user --scope -p Delegate=yes java");
        assertThatThrownBy(() -> host.create("s1", CgroupLimits.builder().memory("80M").build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.UNAVAILABLE))
                .hasMessageStartingWith("no writable cgroup for the sandbox: ");
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void aControllerTheDelegationDoesNotIncludeIsNamed() throws Exception {
        FakeHosts.unified(tmp, JVM, "memory pids"); // no cpu delegated
        int user = FakeHosts.delegate(FakeHosts.ownScope(tmp));
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, user, JVM), new FakeCgroupFs(tmp));
        assertThatThrownBy(() -> host.create("s1", CgroupLimits.builder().cpus(1).build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.CONTROLLER_MISSING))
                .hasMessageContaining("controller(s) [cpu] are not available in")
                .hasMessageContaining("Delegate=");
    }

    @Test
    void anotherProcessesCgroupIsNeverEmptiedToEnableControllers() throws Exception {
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = asRoot(fs);
        Path busy = v2("busy");
        Files.createDirectory(busy);
        FakeCgroupFs.populateV2(busy, "cpuset cpu io memory pids");
        Files.writeString(busy.resolve("cgroup.procs"), "999\n");
        assertThatThrownBy(() -> host.create(Path.of("/busy"), "s1", CgroupLimits.builder().pids(5)
                .build(CgroupLimitsTest.HOST)))
                .hasMessageContaining("it holds processes [999]")
                .hasMessageContaining("only a cgroup without processes");
        assertThat(read(busy.resolve("cgroup.procs"))).isEqualTo("999");
    }

    @Test
    void freezeWaitsForTheEventAndCloseWaitsForEmptyThenRemoves() throws Exception {
        FakeCgroupFs fs = new FakeCgroupFs(tmp);
        CgroupHost host = asRoot(fs);
        SandboxCgroup c = host.create("s1", CgroupLimits.none());
        Path events = v2("sandbox4j/s1/cgroup.events");
        Files.writeString(events, "populated 1\nfrozen 1\n"); // the kernel's answer to the freeze
        c.freeze();
        assertThat(read(v2("sandbox4j/s1/cgroup.freeze"))).isEqualTo("1");
        assertThat(c.isEmpty()).isFalse();
        Files.writeString(events, "populated 0\nfrozen 0\n");
        c.thaw();
        assertThat(read(v2("sandbox4j/s1/cgroup.freeze"))).isEqualTo("0");
        c.killAll();
        assertThat(fs.writes).contains("sys/fs/cgroup/sandbox4j/s1/cgroup.kill=1");
        c.close();
        assertThat(v2("sandbox4j/s1")).doesNotExist();
        assertThat(v2("sandbox4j")).isDirectory();
    }

    @Test
    void aFreezeTheKernelNeverConfirmsFailsWithinTheBound() throws Exception {
        CgroupHost host = asRoot(new FakeCgroupFs(tmp));
        SandboxCgroup c = host.create("s1", CgroupLimits.none());
        // events keep saying frozen 0: the wait must end with an error, not hang
        assertThatThrownBy(c::freeze).isInstanceOf(CgroupException.class).hasMessageContaining("frozen 1");
    }

    @Test
    void statsAndOomFromV2Files() throws Exception {
        CgroupHost host = asRoot(new FakeCgroupFs(tmp));
        SandboxCgroup c = host.create("s1", CgroupLimits.builder().memory("8M").cpus(1).build(CgroupLimitsTest.HOST));
        Files.writeString(v2("sandbox4j/s1/memory.current"), "1000\n");
        Files.writeString(v2("sandbox4j/s1/memory.peak"), "8388608\n");
        Files.writeString(v2("sandbox4j/s1/memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        Files.writeString(v2("sandbox4j/s1/cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n"
                + "nr_periods 4\nnr_throttled 2\nthrottled_usec 900\n");
        Files.writeString(v2("sandbox4j/s1/pids.current"), "0\n");
        Files.delete(v2("sandbox4j/s1/pids.peak")); // kernels before 6.1
        CgroupStats s = c.stats();
        assertThat(s.memoryCurrentBytes()).hasValue(1000);
        assertThat(s.memoryPeakBytes()).hasValue(8388608);
        assertThat(s.cpuUsage()).contains(Duration.ofNanos(2_500_000));
        assertThat(s.cpuThrottledPeriods()).hasValue(2);
        assertThat(s.cpuThrottledTime()).contains(Duration.ofNanos(900_000));
        assertThat(s.pidsCurrent()).hasValue(0);
        assertThat(s.pidsPeak()).isEmpty();
        assertThat(s.oomKills()).hasValue(1);
        assertThat(c.oomKilled()).isTrue();
    }

    @Test
    void aFailedLimitWriteRemovesTheHalfMadeCgroup() throws Exception {
        CgroupHost host = asRoot(new FakeCgroupFs(tmp));
        // without io in the parent's subtree_control, the child has no io.max: the write fails
        Files.writeString(v2("cgroup.controllers"), "cpuset cpu memory pids");
        assertThatThrownBy(() -> host.create("s1", CgroupLimits.builder().ioReadBps("/dev/vda", 1)
                .build(CgroupLimitsTest.HOST)))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.kind())
                        .isEqualTo(CgroupException.Kind.CONTROLLER_MISSING))
                .hasMessageContaining("[io]");
        assertThat(v2("sandbox4j/s1")).doesNotExist();
    }
}
