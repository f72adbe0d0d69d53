package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.ProcFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every isolation claim, checked from inside the sandbox. Runs as root and rootless. */
class IsolationIT {

    @Test
    void onlyTheSandboxsProcessesAreVisibleAndPid1IsTheInit() throws Exception {
        Run r = Run.sh(Sandbox.builder(), "ps -eo pid=,comm=");
        assertThat(r.result().status()).as(r.toString()).isEqualTo(SandboxStatus.EXITED);
        Map<Integer, String> procs = r.stdout().lines().map(String::trim)
                .collect(Collectors.toMap(l -> Integer.parseInt(l.split("\\s+")[0]), l -> l.split("\\s+", 2)[1]));
        assertThat(procs.get(1)).as(r.stdout()).startsWith("sandbox4j");
        assertThat(procs.get(2)).isEqualTo("sh");
        assertThat(procs.values()).containsOnly("sandbox4j-init", "sh", "ps");
    }

    @Test
    void hostnameIsTheConfiguredOneAndTheHostsIsUnchanged() throws Exception {
        String before = ProcFile.read(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(Run.sh(Sandbox.builder(), "hostname").stdout().strip()).isEqualTo("sandbox");
        // With every capability dropped the program cannot even rename its own namespace.
        Run r = Run.sh(Sandbox.builder().hostname("judge-7"), "hostname; hostname evil 2>/dev/null; hostname");
        assertThat(r.stdout().lines()).containsExactly("judge-7", "judge-7");
        assertThat(ProcFile.read(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(before);
    }

    @Test
    void onlyLoopbackExistsAndItIsUp() throws Exception {
        Run r = Run.sh(Sandbox.builder(), "ip -o link show");
        assertThat(r.stdout().lines()).as(r.toString()).hasSize(1);
        assertThat(r.stdout()).contains("1: lo:").containsPattern("<LOOPBACK,UP,LOWER_UP>");
        Run ping = Run.sh(Sandbox.builder(), "ip -o addr show lo");
        assertThat(ping.stdout()).contains("127.0.0.1");
    }

    @Test
    void idShowsTheMappedIds() throws Exception {
        assertThat(Run.sh(Sandbox.builder(), "id -u; id -g").stdout().lines()).containsExactly("0", "0");
        Run r = Run.sh(Sandbox.builder().uid(1000).gid(1000), "id -u; id -g; grep -E '^(Uid|Gid):' /proc/self/status");
        assertThat(r.stdout().lines().limit(2)).containsExactly("1000", "1000");
        assertThat(r.stdout()).containsPattern("Uid:\\s+1000\\s+1000\\s+1000\\s+1000");
    }

    @Test
    void nsLinksDifferFromTheHostsForNewNamespacesAndMatchForSharedOnes() throws Exception {
        Map<String, String> host = new TreeMap<>();
        for (Namespace ns : Namespace.values()) {
            host.put(ns.procName(), Files.readSymbolicLink(Path.of("/proc/self/ns", ns.procName())).toString());
        }
        String script = Arrays.stream(Namespace.values()).map(ns -> "echo " + ns.procName()
                + "=$(readlink /proc/self/ns/" + ns.procName() + ")").collect(Collectors.joining("; "));

        Map<String, String> allNew = links(Run.sh(Sandbox.builder(), script).stdout());
        host.forEach((ns, link) -> assertThat(allNew.get(ns)).as(ns).isNotEqualTo(link).isNotEmpty());

        Map<String, String> shared = links(Run.sh(Sandbox.builder().share(Namespace.NET, Namespace.IPC,
                Namespace.TIME, Namespace.CGROUP), script).stdout());
        for (Namespace ns : new Namespace[] {Namespace.NET, Namespace.IPC, Namespace.TIME, Namespace.CGROUP}) {
            assertThat(shared.get(ns.procName())).as(ns.procName()).isEqualTo(host.get(ns.procName()));
        }
        assertThat(shared.get("pid")).isNotEqualTo(host.get("pid"));
    }

    @Test
    void sharingTheHostPidNamespaceShowsTheHostsProcessesThroughAReadOnlyProc() throws Exception {
        CgroupHost cgroups = CgroupHost.detect();
        assumeTrue(cgroups.isAvailable(), () -> "a shared pid namespace needs a cgroup, and this user has no "
                + "writable one: " + cgroups.unavailableReason().orElse("?"));
        Run r = Run.sh(Sandbox.builder().share(Namespace.PID), "echo $$; test -d /proc/1 && echo host-init; "
                + "touch /proc/x 2>/dev/null || echo read-only");
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        assertThat(Long.parseLong(r.stdout().lines().findFirst().orElseThrow())).isGreaterThan(2); // a host pid
        assertThat(r.stdout()).contains("host-init").contains("read-only");
    }

    @Test
    void sharingTheHostPidNamespaceWithoutAWritableCgroupIsRefusedByBuildSayingWhy() {
        CgroupHost cgroups = CgroupHost.detect();
        assumeFalse(cgroups.isAvailable(), "this user can create cgroups: the shared pid namespace gets one");
        assertThatThrownBy(() -> Sandbox.builder().share(Namespace.PID).command("/bin/true").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sharing the host's pid namespace needs a cgroup")
                .hasMessageContaining(cgroups.unavailableReason().orElseThrow());
    }

    @Test
    void theProgramCannotReachIntoTheInitEvenWithoutSeccomp() throws Exception {
        Run r = Run.sh(Sandbox.builder().seccomp(null), "cat /proc/1/environ >/dev/null 2>&1 && echo environ; "
                + "head -c1 /proc/1/mem >/dev/null 2>&1 && echo mem; readlink /proc/1/exe >/dev/null 2>&1 && echo exe; "
                + "kill -9 1 2>/dev/null; kill -0 1 && echo init-alive");
        assertThat(r.stdout().lines()).as(r.toString()).containsExactly("init-alive");
        // Even a program allowed CAP_SYS_PTRACE inside cannot: the init is not dumpable and its memory
        // belongs to the host's user namespace.
        Run ptracer = Run.sh(Sandbox.builder().seccomp(null).capabilities(java.util.Set.of(
                dev.sandbox4j.Capability.CAP_SYS_PTRACE)), "head -c1 /proc/1/mem >/dev/null 2>&1 && echo mem; "
                + "cat /proc/1/environ >/dev/null 2>&1 && echo environ; echo done");
        assertThat(ptracer.stdout().lines()).as(ptracer.toString()).containsExactly("done");
    }

    private static Map<String, String> links(String out) {
        return out.lines().map(l -> l.split("=", 2)).collect(Collectors.toMap(a -> a[0], a -> a[1]));
    }

    @Test
    void theProgramRunsInANewSessionWithACleanEnvironment() throws Exception {
        Run r = Run.sh(Sandbox.builder().env("GREETING", "hi"),
                "ps -o sid= -p $$; echo pid=$$; env | grep -v -E '^(PWD|SHLVL|_)=' | sort");
        String[] lines = r.stdout().lines().toArray(String[]::new);
        assertThat(lines[0].strip()).isEqualTo(lines[1].substring(4)); // session id == own pid
        assertThat(Arrays.copyOfRange(lines, 2, lines.length))
                .containsExactly("GREETING=hi", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
}
