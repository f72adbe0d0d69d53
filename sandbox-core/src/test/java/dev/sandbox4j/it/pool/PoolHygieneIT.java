package dev.sandbox4j.it.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.PooledRun;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxPool;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.it.ChildJvm;
import dev.sandbox4j.it.HostProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What a pool holds, and that it leaves nothing: after 10 000 runs, after close(), after the JVM's death. */
class PoolHygieneIT {

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /**
     * The processes below the shim server (a pooled run's program's grandparent), but for the server's
     * own spare init, which it clones after reaping any sandbox and kills when idle.
     */
    private static List<Long> underServer(ProcessHandle server) {
        return server.descendants().filter(p -> !comm(p).equals("sandbox4j-spare")).map(ProcessHandle::pid).sorted()
                .toList();
    }

    private static String comm(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc/" + p.pid() + "/comm")).strip();
        } catch (IOException e) {
            return "gone";
        }
    }

    private static long hostMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
    }

    /** This JVM's sandbox cgroups in any hierarchy ({@code sbx-<jvm pid>-<n>}). */
    private static long ourCgroups() throws IOException {
        return cgroupsOf(ProcessHandle.current().pid());
    }

    /** The sandbox cgroups of the JVM with that pid, in any hierarchy. */
    private static long cgroupsOf(long jvm) throws IOException {
        String prefix = "sbx-" + jvm + "-";
        try (Stream<Path> all = Files.find(Path.of("/sys/fs/cgroup"), 5,
                (p, a) -> a.isDirectory() && p.getFileName() != null && p.getFileName().toString().startsWith(prefix))) {
            return all.count();
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void tenThousandPooledRunsLeaveNoFdThreadChildCgroupMountOrProcessBehind() throws Exception {
        Sandbox box = Sandbox.builder().command("/bin/true").build();
        try (SandboxPool pool = SandboxPool.of(box, 2)) {
            ProcessHandle server;
            try (SandboxProcess p = pool.start("/bin/sleep", "60")) {
                server = p.toHandle().parent().flatMap(ProcessHandle::parent).orElseThrow(); // program, init, server
                p.destroyForcibly();
                p.result().join();
            }
            for (int i = 0; i < 50; i++) {
                pool.start().result().join(); // warm: both prepared sandboxes exist from here on
            }
            assertThat(await(() -> pool.prepared() == 2)).isTrue();
            long fds = HostProcesses.openFds(), mounts = hostMounts(), cgroups = ourCgroups();
            int threadsBefore = threads();
            List<Long> processes = underServer(server);
            for (int i = 0; i < 10_000; i++) {
                SandboxProcess p = pool.start(PooledRun.of("/bin/true")); // not closed: an ended run releases its fds
                assertThat(p.waitFor()).isZero();
            }
            assertThat(await(() -> pool.prepared() == 2)).isTrue();
            assertThat(await(() -> threads() <= threadsBefore)).as("threads: " + threads() + " > " + threadsBefore)
                    .isTrue();
            assertThat(HostProcesses.openFds()).isLessThanOrEqualTo(fds);
            assertThat(ProcessHandle.current().children().count()).isZero();
            assertThat(underServer(server)).as("the same two prepared inits, nothing else").isEqualTo(processes);
            assertThat(hostMounts()).isEqualTo(mounts);
            assertThat(ourCgroups()).isLessThanOrEqualTo(cgroups);
        }
        assertThat(ourCgroups()).isZero();
    }

    @Test
    void sixteenPreparedSandboxesHoldSixteenProcessesAndAtMostOneThread() throws Exception {
        Sandbox box = Sandbox.builder().command("/bin/true").build();
        box.start().result().join(); // the server, the reaper and its workers exist from here on
        assertThat(await(() -> threads() <= 3 + baseThreads())).isTrue();
        int before = threads();
        try (SandboxPool pool = SandboxPool.of(box, 16)) {
            ProcessHandle server;
            try (SandboxProcess p = pool.start("/bin/sleep", "60")) {
                server = p.toHandle().parent().flatMap(ProcessHandle::parent).orElseThrow();
                p.destroyForcibly();
                p.result().join();
            }
            assertThat(await(() -> pool.prepared() == 16)).isTrue();
            assertThat(underServer(server)).as("one init per prepared sandbox").hasSize(16);
            assertThat(await(() -> threads() <= before + 1)).as("threads: " + threads() + " > " + before + " + 1")
                    .isTrue();
        }
    }

    private static int baseThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("sandbox4j"))
                .count();
    }

    @Test
    void killingTheJvmWithSigkillLeavesNoProcessOfThePoolBehind() throws Exception {
        Process jvm = ChildJvm.start(PoolHolderMain.class, Redirect.PIPE);
        List<Long> pids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line = out.readLine();
            assertThat(line).startsWith("pids ");
            pids = Arrays.stream(line.substring(5).split(",")).map(Long::parseLong).toList();
        }
        assertThat(pids).as("the server, two prepared inits, a run's init and program").hasSizeGreaterThanOrEqualTo(4);
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(await(() -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)))).as("every process of the pool gone").isTrue();
    }

    @Test
    void killingTheJvmWithSigkillLeavesNoCgroupOfThePoolBehind() throws Exception {
        CgroupHost host = CgroupHost.detect();
        Assumptions.assumeTrue(host.isAvailable(), () -> "needs a writable cgroup: "
                + host.unavailableReason().orElse("?"));
        Process jvm = ChildJvm.start(PoolHolderMain.class, Redirect.PIPE, "memory");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            assertThat(out.readLine()).startsWith("pids ");
        }
        // the prepared inits' groups, the active run's and the next runs' pre-created ones
        assertThat(cgroupsOf(jvm.pid())).as("the pool's groups while it runs").isPositive();
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no close(), and no later JVM sweeps here
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(await(() -> {
            try {
                return cgroupsOf(jvm.pid()) == 0;
            } catch (IOException e) {
                return false;
            }
        })).as("every cgroup of the dead JVM's pool removed by its shim server").isTrue();
    }

    /**
     * The child JVM: a pool of two (with a memory limit, so with cgroups, when its argument says "memory"), one
     * run sleeping; prints the pids below its server and waits to be killed.
     */
    public static final class PoolHolderMain {
        public static void main(String[] args) throws Exception {
            SandboxBuilder b = Sandbox.builder().command("/bin/true");
            if (args.length > 0 && args[0].equals("memory")) {
                b.memory("64M");
            }
            SandboxPool pool = SandboxPool.of(b.build(), 2);
            SandboxProcess p = pool.start(PooledRun.of("/bin/sleep", "600").stdout(Redirect.DISCARD));
            ProcessHandle server = p.toHandle().parent().flatMap(ProcessHandle::parent).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.descendants().count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the refill prepares the second sandbox meanwhile
            }
            StringBuilder pids = new StringBuilder("pids ").append(server.pid());
            server.descendants().forEach(d -> pids.append(',').append(d.pid()));
            System.out.println(pids);
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
