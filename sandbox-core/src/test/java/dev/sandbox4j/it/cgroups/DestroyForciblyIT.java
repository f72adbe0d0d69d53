package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.it.HostProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** destroyForcibly() kills every process of the sandbox, also a double-forked one, and removes the cgroup. */
class DestroyForciblyIT {

    @Test
    void aDoubleForkedProgramIsKilledAndItsCgroupRemoved() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        killDaemon(host, Sandbox.builder().accounting());
    }

    /**
     * Without a PID namespace nothing but the cgroup holds the detached grandchild. Root only: proc of the host's
     * PID namespace cannot be mounted from a user namespace, so USER is shared too.
     */
    @Test
    void aDoubleForkedProgramIsKilledEvenInTheHostPidNamespace() throws Exception {
        CgroupHost host = CgroupFixture.assumeCgroups();
        assumeTrue(CgroupFixture.uid() == 0, "sharing the host PID namespace needs root (proc cannot be mounted "
                + "for it from a user namespace)");
        killDaemon(host, Sandbox.builder().pids(100).share(Namespace.USER, Namespace.PID));
    }

    private static void killDaemon(CgroupHost host, SandboxBuilder builder) throws Exception {
        String marker = "daemon-" + UUID.randomUUID();
        List<Path> dirs;
        SandboxResult r;
        try (SandboxProcess p = builder.bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "daemon", marker).start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            assertThat(HostProcesses.withArgument(marker)).as("parent and detached grandchild").hasSize(2);
            dirs = CgroupFixture.ourSandboxCgroups(host);
            assertThat(dirs).as("the sandbox's cgroup").isNotEmpty();
            assertThat(p.stats().orElseThrow().pidsCurrent().getAsLong()).as("tasks in the cgroup").isGreaterThanOrEqualTo(2);

            p.destroyForcibly();
            r = p.result().join();
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(9);
        assertThat(HostProcesses.withArgument(marker)).as("processes left").isEmpty();
        assertThat(dirs).as("cgroup directories").noneMatch(Files::exists);
        assertThat(CgroupFixture.ourSandboxCgroups(host)).isEmpty();
    }
}
