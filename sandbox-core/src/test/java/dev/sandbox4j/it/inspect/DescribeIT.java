package dev.sandbox4j.it.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxDescription;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.units.MemorySize;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * describe() on running sandboxes, checked against what /proc shows from the
 * host's side and what the sandbox itself sees.
 */
class DescribeIT {
    private static final List<String> TYPES = List.of("user", "pid", "mnt", "net", "uts", "ipc", "cgroup", "time");

    /** Starts {@code sh} that prints its mount points as it sees them, then becomes sleep. */
    private static SandboxProcess started(SandboxBuilder b, List<String> insideMounts) throws Exception {
        SandboxProcess p = b.command("/bin/sh", "-c", "cut -d' ' -f5 /proc/self/mountinfo; echo END; exec sleep 60")
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null && !line.equals("END"); ) {
            insideMounts.add(line);
        }
        return p;
    }

    private static long inode(Path link) throws Exception {
        String t = Files.readSymbolicLink(link).toString();
        return Long.parseLong(t.substring(t.indexOf('[') + 1, t.indexOf(']')));
    }

    private static String status(long pid, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow().substring(field.length() + 1).strip();
    }

    @Test
    void aDefaultSandboxIsDescribedAsProcShowsIt() throws Exception {
        List<String> inside = new ArrayList<>();
        try (SandboxProcess p = started(Sandbox.builder().rlimit(ResourceLimit.NOFILE, 256, 256), inside)) {
            SandboxDescription d = p.describe();
            long prog = d.programPid();
            assertThat(prog).isEqualTo(p.pid());
            assertThat(status(prog, "PPid")).isEqualTo(Long.toString(d.initPid()));
            assertThat(Files.readString(Path.of("/proc/" + d.initPid() + "/comm")).strip()).isEqualTo("sandbox4j-init");
            assertThat(Files.readString(Path.of("/proc/" + prog + "/comm")).strip()).isIn("sh", "sleep"); // exec'ing
            assertThat(d.hostUid()).isEqualTo(Long.parseLong(status(prog, "Uid").split("\\s+")[0]));
            assertThat(d.hostGid()).isEqualTo(Long.parseLong(status(prog, "Gid").split("\\s+")[0]));

            // every namespace new: an inode of its own, as /proc/PID/ns shows from here
            assertThat(d.namespaces()).extracting(SandboxDescription.Namespace::type).containsExactlyElementsOf(TYPES);
            for (SandboxDescription.Namespace ns : d.namespaces()) {
                assertThat(ns.sharedWithHost()).as(ns.type()).isFalse();
                assertThat(ns.inode()).as(ns.type()).isEqualTo(inode(Path.of("/proc/" + prog + "/ns/" + ns.type())))
                        .isNotEqualTo(inode(Path.of("/proc/self/ns/" + ns.type())));
            }

            // the mounts as the sandbox sees them: the default root
            assertThat(d.mounts()).extracting(SandboxDescription.Mount::mountPoint).containsExactlyElementsOf(inside)
                    .contains("/", "/proc", "/dev", "/dev/pts", "/tmp");
            Map<String, String> types = d.mounts().stream().collect(Collectors.toMap(
                    SandboxDescription.Mount::mountPoint, SandboxDescription.Mount::fsType, (a, b) -> b));
            assertThat(types).containsEntry("/proc", "proc").containsEntry("/dev/pts", "devpts");
            assertThat(d.mounts()).filteredOn(m -> m.mountPoint().equals("/")).first()
                    .satisfies(m -> assertThat(m.options()).startsWith("ro"));

            // hardening
            assertThat(d.seccomp().profile()).isEqualTo("default");
            assertThat(d.seccomp().filterSha256()).hasSize(64);
            assertThat(d.seccomp().mode()).isEqualTo(2).isEqualTo(Integer.parseInt(status(prog, "Seccomp")));
            assertThat(d.noNewPrivs()).isTrue();
            assertThat(d.capabilities().effective()).isEqualTo(status(prog, "CapEff")).isEqualTo("0000000000000000");
            assertThat(d.capabilities().bounding()).isEqualTo(status(prog, "CapBnd"));
            assertThat(d.capabilities().effectiveNames()).isEmpty();
            assertThat(d.rlimits()).contains(new SandboxDescription.Rlimit("Max open files", "256", "256"),
                    new SandboxDescription.Rlimit("Max core file size", "0", "0"));
            assertThat(d.networkInterfaces()).containsExactly("lo");
            assertThat(d.networkAddresses()).contains("127.0.0.1").allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"));
            assertThat(d.network()).startsWith("none");
            assertThat(d.cgroup()).isNull();

            String json = d.toJson();
            assertThat(json).startsWith("{\"initPid\":" + d.initPid() + ",\"programPid\":" + prog + ",")
                    .contains("{\"type\":\"mnt\",\"inode\":" + d.namespaces().get(2).inode() + ",\"sharedWithHost\":false}")
                    .contains("\"networkInterfaces\":[\"lo\"]");

            p.destroyForcibly();
            p.result().join();
            assertThatThrownBy(p::describe).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
        }
    }

    @Test
    void aSharedNamespaceIsShownAsTheHostsOwn() throws Exception {
        try (SandboxProcess p = Sandbox.builder().share(dev.sandbox4j.Namespace.NET).command("sleep", "60").start()) {
            SandboxDescription d = p.describe();
            assertThat(d.namespaces()).filteredOn(SandboxDescription.Namespace::sharedWithHost)
                    .extracting(SandboxDescription.Namespace::type).containsExactly("net");
            assertThat(d.networkInterfaces()).isEqualTo(hostInterfaces());
        }
    }

    private static List<String> hostInterfaces() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).strip()).toList();
    }

    @Test
    void theCgroupWithItsLimitsAndUsage() throws Exception {
        assumeTrue(CgroupHost.detect().isAvailable(), "needs a writable cgroup");
        try (SandboxProcess p = Sandbox.builder().memory("64M").pids(32).command("sleep", "60").start()) {
            SandboxDescription d = p.describe();
            assertThat(d.cgroup().membership())
                    .isEqualTo(Files.readAllLines(Path.of("/proc/" + d.programPid() + "/cgroup")));
            assertThat(d.cgroup().directories()).isNotEmpty().allSatisfy(dir -> {
                assertThat(dir).contains("sbx-" + ProcessHandle.current().pid() + "-");
                assertThat(Files.readAllLines(Path.of(dir, "cgroup.procs"))).contains(Long.toString(d.programPid()));
            });
            assertThat(d.cgroup().limits()).containsEntry("memory", MemorySize.parse("64M").toString())
                    .containsEntry("pids", "32").doesNotContainKey("cpus");
            assertThat(d.cgroup().usage().pidsCurrent()).hasValue(2); // the init and the program
            assertThat(d.toJson()).contains("\"pids\":\"32\"");
        }
    }
}
