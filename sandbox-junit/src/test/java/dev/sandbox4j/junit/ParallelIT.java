package dev.sandbox4j.junit;

import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.testkit.engine.Events;

/**
 * 200 tests run in parallel, each starting a sandbox through the extension: all pass, they overlap, and nothing
 * is left afterwards: no sandbox process, no sandbox cgroup of this JVM, no extra JVM thread.
 */
class ParallelIT {
    static final Set<Long> PIDS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST = new AtomicInteger();

    static void runOne(SandboxBuilder sandbox, int n) throws Exception {
        int now = RUNNING.incrementAndGet();
        MOST.accumulateAndGet(now, Math::max);
        try {
            // the sleep keeps each sandbox alive long enough for the others to overlap it
            SandboxProcess p = sandbox.command("/bin/sh", "-c", "sleep 0.1; echo $0", String.valueOf(n)).start();
            PIDS.add(p.pid());
            assertThat(p).exitedWith(0).stdout().isEqualTo(n + "\n");
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    @SandboxTest(requireSandbox = true)
    static class TwoHundred {
        @RepeatedTest(200)
        void startsASandbox(SandboxBuilder sandbox, org.junit.jupiter.api.RepetitionInfo r) throws Exception {
            runOne(sandbox, r.getCurrentRepetition());
        }
    }

    @SandboxTest
    @SandboxConfig(memory = "32M")
    static class TwoHundredLimited {
        @RepeatedTest(200)
        void startsASandbox(SandboxBuilder sandbox, org.junit.jupiter.api.RepetitionInfo r) throws Exception {
            runOne(sandbox, r.getCurrentRepetition());
        }
    }

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "16");

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /** Idle pools (the library's workers, the engine's fork-join threads) let their threads go after a while. */
    private static int awaitThreads(int atMost) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (threads() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return threads();
    }

    private static void warmUp() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/true").start()) {
            p.result().join(); // the shim server, the event loop and its pools exist from here on
        }
        PIDS.clear();
        MOST.set(0);
    }

    @Test
    void twoHundredParallelTestsLeaveNoProcessOrThreadBehind() throws Exception {
        warmUp();
        int before = awaitThreads(Integer.MAX_VALUE);
        before = awaitThreads(before);
        Events tests = Kit.run(TwoHundred.class, PARALLEL).testEvents();
        assertThat(tests.succeeded().count()).as(Kit.failures(tests)).isEqualTo(200);
        assertThat(MOST.get()).as("most sandboxes running at once").isGreaterThan(1);
        assertThat(PIDS).hasSize(200);
        assertThat(PIDS.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)))
                .as("sandbox inits still alive").isEmpty();
        assertThat(awaitThreads(before)).as("threads after (before: %d)", before).isLessThanOrEqualTo(before);
    }

    @Test
    void withAMemoryLimitEachHasACgroupAndNoneIsLeftOrWithoutACgroupAllAreAborted() throws Exception {
        warmUp();
        ProbeReport.Fact cgroup = Sandbox.probe().fact(SystemProbe.WRITABLE_CGROUP).orElseThrow();
        Events tests = Kit.run(TwoHundredLimited.class, PARALLEL).testEvents();
        if (!cgroup.ok()) {
            tests.assertStatistics(s -> s.started(200).aborted(200));
            assertThat(Kit.throwables(tests, Status.ABORTED)).allSatisfy(t -> assertThat(t)
                    .hasMessageContaining("memory limit 32M needs a cgroup: " + cgroup.value()));
            return;
        }
        assertThat(tests.succeeded().count()).as(Kit.failures(tests)).isEqualTo(200);
        assertThat(PIDS).hasSize(200);
        assertThat(ourSandboxCgroups(cgroup.value())).isEmpty();
    }

    /**
     * This JVM's sandbox cgroups ({@code sbx-<jvm pid>-<n>}) under the default parent (the probe's writable cgroup,
     * {@code /...}), in every hierarchy.
     */
    private static List<Path> ourSandboxCgroups(String defaultParent) throws IOException {
        assertThat(defaultParent).as("the probe's writable cgroup").startsWith("/");
        String parent = defaultParent.substring(1);
        String prefix = "sbx-" + ProcessHandle.current().pid() + "-";
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && (halves[1].startsWith("cgroup ") || halves[1].startsWith("cgroup2 "))) {
                Path dir = Path.of(halves[0].split(" ")[4]).resolve(parent);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        found.addAll(s.filter(p -> p.getFileName().toString().startsWith(prefix))
                                .collect(Collectors.toList()));
                    }
                }
            }
        }
        return found;
    }
}
