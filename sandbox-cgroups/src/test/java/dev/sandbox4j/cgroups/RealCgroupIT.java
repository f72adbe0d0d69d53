package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.cgroups.internal.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real cgroups on this host (v1, v2 or hybrid), under a parent of our own below /sandbox4j that is removed at
 * the end. Skipped, with the reason, when this user has no writable cgroup.
 */
class RealCgroupIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static CgroupHost host;
    private static Path parent;
    private final List<Process> started = new ArrayList<>();
    private final List<SandboxCgroup> cgroups = new ArrayList<>();

    @BeforeAll
    static void detect() {
        host = CgroupHost.detect();
        assumeTrue(host.isAvailable(), () -> "no writable cgroup for uid " + HostPaths.system().uid() + ": "
                + host.unavailableReason().orElse("?"));
        parent = Path.of(host.defaultParent().orElseThrow(), "it-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (SandboxCgroup cg : cgroups) {
            cg.close();
        }
    }

    /** Removes our parent in every hierarchy; fails if anything was left below it. */
    @AfterAll
    static void removeParent() throws IOException {
        if (host == null || !host.isAvailable()) {
            return;
        }
        for (Path dir : parentDirs()) {
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.filter(Files::isDirectory).toList()).as("left under " + dir).isEmpty();
            }
            Files.delete(dir);
        }
    }

    private static List<Path> parentDirs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path mount : host.layout() == CgroupLayout.UNIFIED ? List.of(Path.of("/sys/fs/cgroup"))
                : host.controllers().values().stream().distinct().toList()) {
            Path d = mount.resolve(parent.toString().substring(1));
            if (Files.isDirectory(d)) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    private SandboxCgroup create(CgroupLimits limits) throws CgroupException {
        SandboxCgroup cg = host.create(parent, "c" + SEQ.incrementAndGet(), limits);
        cgroups.add(cg);
        return cg;
    }

    /** A shell that waits for a line on stdin before running {@code script}, so it can join first. */
    private Process gatedShell(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).trim();
    }

    private static Path dirOf(SandboxCgroup cg, String file) {
        return cg.directories().stream().filter(d -> Files.exists(d.resolve(file))).findFirst()
                .orElseThrow(() -> new AssertionError("no directory of " + cg + " has " + file));
    }

    @Test
    void limitsAreWrittenToTheKernelFiles() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.builder().memory("80M").pids(64).cpus(0.5).build());
        if (cg.layout() == CgroupLayout.UNIFIED) {
            Path d = cg.directories().getFirst();
            assertThat(read(d.resolve("memory.max"))).isEqualTo("83886080");
            assertThat(read(d.resolve("pids.max"))).isEqualTo("64");
            assertThat(read(d.resolve("cpu.max"))).isEqualTo("50000 100000");
            assertThat(cg.procsFiles()).hasSize(1);
        } else {
            assertThat(read(dirOf(cg, "memory.limit_in_bytes").resolve("memory.limit_in_bytes"))).isEqualTo("83886080");
            Path memsw = dirOf(cg, "memory.limit_in_bytes").resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                assertThat(read(memsw)).as("no swap beyond memory by default").isEqualTo("83886080");
            }
            assertThat(read(dirOf(cg, "pids.max").resolve("pids.max"))).isEqualTo("64");
            assertThat(read(dirOf(cg, "cpu.cfs_quota_us").resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
            assertThat(read(dirOf(cg, "cpu.cfs_period_us").resolve("cpu.cfs_period_us"))).isEqualTo("100000");
            // freezer for control, memory/cpuacct/pids for accounting, cpu for the quota
            assertThat(cg.procsFiles().stream().map(p -> p.getParent()).toList())
                    .allSatisfy(d -> assertThat(d.getFileName().toString()).isEqualTo(cg.name()));
            for (String f : List.of("freezer.state", "memory.usage_in_bytes", "cpuacct.usage", "pids.current",
                    "cpu.shares")) {
                dirOf(cg, f);
            }
        }
        List<Path> dirs = cg.directories();
        cg.close();
        assertThat(dirs).noneMatch(Files::exists);
        cg.close(); // idempotent
    }

    @Test
    void joinedProcessIsFrozenThawedAndMeasured() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.builder().memory("64M").build());
        Process p = gatedShell("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec sleep 600");
        cg.join(p.pid());
        for (Path procs : cg.procsFiles()) {
            assertThat(Files.readAllLines(procs)).contains(Long.toString(p.pid()));
        }
        release(p);
        cg.freeze();
        if (cg.layout() == CgroupLayout.UNIFIED) {
            assertThat(Files.readAllLines(cg.directories().getFirst().resolve("cgroup.events"))).contains("frozen 1");
        } else {
            assertThat(read(dirOf(cg, "freezer.state").resolve("freezer.state"))).isEqualTo("FROZEN");
        }
        if (cg.layout() != CgroupLayout.UNIFIED) {
            // a task frozen by the v1 freezer sleeps uninterruptibly (State D); v2's freezer trap shows it as S
            assertThat(Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")))
                    .anyMatch(l -> l.matches("State:\\s+D.*"));
        }
        cg.thaw();
        if (cg.layout() != CgroupLayout.UNIFIED) {
            assertThat(read(dirOf(cg, "freezer.state").resolve("freezer.state"))).isEqualTo("THAWED");
        }
        assertThat(Poll.until(Duration.ofSeconds(10), () -> cg.pids().size() == 1
                && ProcessHandle.of(p.pid()).flatMap(h -> h.info().command()).orElse("").endsWith("sleep")))
                .as("the shell ran its loop and exec'd sleep after thaw").isTrue();
        CgroupStats s = cg.stats();
        assertThat(s.cpuUsage()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(s.memoryPeakBytes().orElseThrow()).isPositive().isLessThanOrEqualTo(64L << 20);
        assertThat(s.memoryCurrentBytes().orElseThrow()).isPositive();
        assertThat(s.pidsCurrent()).hasValue(1);
        assertThat(s.oomKills()).hasValue(0);
        assertThat(cg.oomKilled()).isFalse();
    }

    @Test
    void killAllCatchesDoubleForkedProcesses() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.none());
        Process p = gatedShell("(sleep 600 &) ; sleep 600");
        cg.join(p.pid());
        release(p);
        // sh, the orphaned sleep and the foreground sleep
        assertThat(Poll.until(Duration.ofSeconds(10), () -> cg.pids().size() >= 3)).as("pids " + cg.pids()).isTrue();
        List<Long> pids = cg.pids();
        cg.killAll();
        assertThat(cg.isEmpty()).isTrue();
        assertThat(cg.pids()).isEmpty();
        for (long pid : pids) {
            assertThat(Poll.until(Duration.ofSeconds(5), () -> ProcState.dead(pid)))
                    .as("pid " + pid + " is gone").isTrue();
        }
        List<Path> dirs = cg.directories();
        cg.close();
        assertThat(dirs).noneMatch(Files::exists);
    }

    @Test
    void memoryHogIsOomKilledAndReported() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.builder().memory("16M").build());
        // tail keeps the last lines of a newline-free input, i.e. all of it, in memory: 100M cannot fit in 16M (and no swap is allowed).
        // tail marks itself the OOM killer's first choice (raising oom_score_adj needs no privilege): the kernel's
        // choice among small processes is a heuristic, and once (v2 VM lane) it took the shell, which then never
        // printed its status.
        Process p = gatedShell("head -c 100M /dev/zero | (echo 1000 >/proc/self/oom_score_adj && exec tail) >/dev/null;"
                + " echo status=$?");
        cg.join(p.pid());
        release(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).as("tail was SIGKILLed, the shell lived on").contains("status=137");
        assertThat(cg.oomKilled()).isTrue();
        assertThat(cg.stats().oomKills().orElseThrow()).isPositive();
        assertThat(cg.stats().memoryPeakBytes().orElseThrow()).isLessThanOrEqualTo(16L << 20)
                .isGreaterThan(8L << 20);
    }

    @Test
    void cpuQuotaThrottlesABusyLoop() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.builder().cpus(0.05).build());
        Process p = gatedShell("while :; do :; done");
        cg.join(p.pid());
        release(p);
        // 5 ms per 100 ms period: a busy loop is throttled in nearly every period
        assertThat(Poll.until(Duration.ofSeconds(10), () -> cg.stats().cpuThrottledPeriods().orElse(0) >= 3)).isTrue();
        CgroupStats s = cg.stats();
        assertThat(s.cpuThrottledTime()).hasValueSatisfying(d -> assertThat(d).isPositive());
        // each throttled period ran ~5 ms (slack for the 5 ms bandwidth slice); unthrottled it would be ~100 ms
        assertThat(s.cpuUsage().orElseThrow()).isLessThan(Duration.ofMillis(15L * (s.cpuThrottledPeriods().getAsLong() + 2)));
        cg.killAll();
    }

    @Test
    void closeWaitsForExitingProcessesThenRemoves() throws Exception {
        for (int i = 0; i < 20; i++) {
            SandboxCgroup cg = create(CgroupLimits.builder().pids(8).build());
            Process p = gatedShell("exit 0");
            cg.join(p.pid());
            release(p);
            // no wait for the exit: close() must wait until the cgroup is empty before rmdir (EBUSY otherwise)
            List<Path> dirs = cg.directories();
            cg.close();
            assertThat(dirs).noneMatch(Files::exists);
        }
    }

    @Test
    void closeKillsWhatIsStillRunning() throws Exception {
        SandboxCgroup cg = create(CgroupLimits.none());
        Process p = gatedShell("sleep 600");
        cg.join(p.pid());
        release(p);
        List<Path> dirs = cg.directories();
        cg.close();
        assertThat(dirs).noneMatch(Files::exists);
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fiveHundredCreateCloseCyclesLeaveNothingBehind() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().memory("80M").pids(64).build();
        for (int i = 0; i < 500; i++) {
            try (SandboxCgroup cg = host.create(parent, "cycle" + i, limits)) {
                assertThat(cg.procsFiles()).isNotEmpty();
            }
        }
        for (Path dir : parentDirs()) {
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("cycle"));
            }
        }
    }

    @Test
    void describeNamesLayoutControllersAndParent() {
        List<String> lines = host.describe();
        assertThat(lines.getFirst()).startsWith("layout: " + host.layout());
        assertThat(String.join("\n", lines)).contains("memory").contains("parent: ");
        assertThat(host.controllers().keySet()).containsAll(Set.of(Controller.MEMORY, Controller.PIDS));
    }
}
