package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.it.ChildJvm;
import dev.sandbox4j.it.HostProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sandbox cgroups do not accumulate: 500 runs in a row leave nothing under their parent; a JVM killed with
 * SIGKILL has its sandboxes' groups removed by its server, and whatever is still left (a daemon of a sandbox
 * sharing the host's pid namespace, or everything when the server was killed too) is gone once the next JVM
 * starts a sandbox with a cgroup.
 */
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

    @Test
    void aJvmKilledWithSigkillLeavesNoProcessMountOrCgroupOnceTheNextJvmStartsASandbox() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        String marker = "600." + System.nanoTime() % 1_000_000;
        List<String> mountsBefore = libraryMounts();
        Process jvm = ChildJvm.start(HolderMain.class, Redirect.PIPE, marker);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("running");
        }
        assertThat(groupsOf(host, jvm.pid())).as("the JVM's sandboxes have cgroups").isNotEmpty();
        assertThat(HostProcesses.withArgument(marker)).as("both sandboxes and the daemon run").hasSizeGreaterThanOrEqualTo(3);
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Process next = ChildJvm.start(NextStartMain.class, Redirect.PIPE);
        String said = new String(next.getInputStream().readAllBytes());
        assertThat(next.waitFor(60 * CgroupFixture.SLOWDOWN, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as(said).isZero();

        assertThat(CgroupFixture.poll(Duration.ofSeconds(5), () -> noneRun(marker)))
                .as("processes of the killed JVM's sandboxes").isTrue();
        assertThat(groupsOf(host, jvm.pid())).as("cgroups of the killed JVM").isEmpty();
        assertThat(libraryMounts()).isEqualTo(mountsBefore);
    }

    @Test
    void theServerOfAJvmKilledWithSigkillRemovesItsSandboxesCgroupsAtOnce() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        String marker = "600." + System.nanoTime() % 1_000_000;
        Process jvm = ChildJvm.start(LimitedMain.class, Redirect.PIPE, marker);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("running");
        }
        assertThat(groupsOf(host, jvm.pid())).as("the JVM's sandbox has cgroups").isNotEmpty();
        jvm.destroyForcibly();
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // No other JVM starts: the dead JVM's server is the only one to remove them.
        assertThat(CgroupFixture.poll(Duration.ofSeconds(5), () -> noneRun(marker) && noGroupsOf(host, jvm.pid())))
                .as("processes %s and cgroups %s of the killed JVM", noneRunList(marker), groupsOf(host, jvm.pid()))
                .isTrue();
    }

    private static boolean noGroupsOf(CgroupHost host, long pid) {
        try {
            return groupsOf(host, pid).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> noneRunList(String marker) throws IOException {
        return HostProcesses.withArgument(marker);
    }

    private static boolean noneRun(String marker) {
        try {
            return HostProcesses.withArgument(marker).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cgroup directories, in every hierarchy, of the sandboxes of JVM {@code pid}. */
    private static List<Path> groupsOf(CgroupHost host, long pid) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path dir : host.defaultParentDirectories()) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().startsWith("sbx-" + pid + "-")).forEach(found::add);
                }
            }
        }
        return found;
    }

    /** Host mounts that name the library: a start makes none (its mounts live in the sandbox's namespace). */
    private static List<String> libraryMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("sandbox4j") || l.contains("sbx-")).toList();
    }

    /** A JVM with two sandboxes holding cgroups: one in its own pid namespace, one sharing the host's with a daemon. */
    public static final class HolderMain {
        public static void main(String[] args) throws Exception {
            String sleep = "sleep " + args[0];
            Sandbox.builder().memory("64M").command("/bin/sh", "-c", sleep + " & " + sleep)
                    .redirectOutput(Redirect.DISCARD).start();
            SandboxProcess shared = Sandbox.builder().share(Namespace.PID).accounting()
                    .command("/bin/sh", "-c", "(setsid " + sleep + " > /dev/null 2>&1 &); echo up; " + sleep).start();
            new BufferedReader(new InputStreamReader(shared.getInputStream())).readLine();
            System.out.println("running");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    /** A JVM with one memory-limited sandbox in its own pid namespace. */
    public static final class LimitedMain {
        public static void main(String[] args) throws Exception {
            Sandbox.builder().memory("64M").command("/bin/sh", "-c", "sleep " + args[0] + " & sleep " + args[0])
                    .redirectOutput(Redirect.DISCARD).start();
            System.out.println("running");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    /** The next JVM: one sandbox with a cgroup, which sweeps what the killed one left. */
    public static final class NextStartMain {
        public static void main(String[] args) throws Exception {
            try (SandboxProcess p = Sandbox.builder().accounting().command("/bin/true").start()) {
                SandboxResult r = p.result().join();
                System.out.println(r);
                System.exit(r.succeeded() ? 0 : 1);
            }
        }
    }
}
