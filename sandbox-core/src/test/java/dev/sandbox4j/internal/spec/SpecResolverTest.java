package dev.sandbox4j.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.TestBuilders;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.HostPaths;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec resolution on its own: the builder's settings in, a {@link LaunchSpec} out, against a
 * recording fake of the host (no root, nothing spawned, no cgroupfs touched).
 */
class SpecResolverTest {
    private static final int USER = 1000;

    @TempDir
    Path tmp;

    private final RecordingSyscalls sys = new RecordingSyscalls();
    private final AtomicInteger cgroupHostAsked = new AtomicInteger();

    /** A runtime whose cgroup host is a host without cgroups (an empty tree), counted when asked. */
    private SandboxRuntime runtime() {
        return SandboxRuntime.of(sys, () -> {
            cgroupHostAsked.incrementAndGet();
            return CgroupHost.detect(HostPaths.fakeTree(tmp, USER, 1));
        });
    }

    private LaunchSpec resolve(SandboxBuilder b) {
        return new SpecResolver(runtime()).resolve(TestBuilders.request(b, USER, USER));
    }

    private SandboxBuilder builder() {
        return TestBuilders.with(runtime()).command("/bin/true");
    }

    @Test
    void anUnsetSettingGetsItsDefaultAndTheHostIsAskedOnlyThroughTheRuntime() {
        LaunchSpec spec = resolve(builder());
        assertThat(spec.namespaces()).isEqualTo(EnumSet.allOf(Namespace.class));
        assertThat(spec.hostname()).isEqualTo("sandbox");
        assertThat(spec.rootless()).isTrue();
        assertThat(spec.uid()).isZero();
        assertThat(spec.hostUid()).isEqualTo(USER);
        assertThat(spec.environment()).containsEntry("PATH", SpecResolver.DEFAULT_PATH);
        assertThat(spec.stdout()).isEqualTo(Redirect.PIPE);
        assertThat(spec.killGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.hardening().seccompFilter()).as("the default profile, compiled").isNotEmpty();
        assertThat(spec.hardening().rlimits().get(ResourceLimit.CORE)).containsExactly(0, 0);
        assertThat(spec.cgroup()).isNull();
        assertThat(spec.mounts().steps()).noneMatch(s -> s instanceof MountStep.Bind b && b.target().equals("/proc"));
        assertThat(sys.calls).as("the kernel's limits were read through the injected syscalls")
                .anyMatch(c -> c.startsWith("getrlimit"));
        assertThat(cgroupHostAsked).as("no cgroup wanted: the cgroup host is not asked").hasValue(0);
    }

    @Test
    void sharingThePidNamespaceBindsProcAndAsksTheInjectedCgroupHostWhichHasNone() {
        SandboxBuilder b = builder().share(Namespace.PID);
        assertThatThrownBy(() -> resolve(b)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sharing the host's pid namespace needs a cgroup");
        assertThat(cgroupHostAsked).hasValue(1);

        LaunchSpec spec = resolve(builder().share(Namespace.PID).accounting());
        assertThat(spec.cgroup()).isNotNull();
        assertThat(spec.mounts().steps()).filteredOn(s -> s.target().equals("/proc")).singleElement()
                .isInstanceOf(MountStep.Bind.class);
    }

    @Test
    void resolvingLeavesTheBuildersSettingsAsTheyWere() {
        SandboxBuilder b = builder().share(Namespace.PID).accounting();
        LaunchSpec first = resolve(b);
        LaunchSpec second = resolve(b);
        assertThat(second.mounts().steps()).as("the /proc bind is added once per resolution, not to the builder")
                .isEqualTo(first.mounts().steps());
    }

    @Test
    void contradictionsAreRefusedNamingTheSettings() {
        assertThatThrownBy(() -> resolve(builder().share(Namespace.MOUNT)
                .bind(tmp, "/data"))).hasMessageContaining("filesystem settings").hasMessageContaining("MOUNT is shared");
        assertThatThrownBy(() -> resolve(builder().share(Namespace.USER)))
                .hasMessageContaining("a user namespace is required when not running as root (euid 1000)");
        assertThatThrownBy(() -> resolve(builder().cpuTimeLimit(Duration.ofSeconds(1))
                .rlimit(ResourceLimit.CPU, 1, 2))).hasMessageContaining("cpuTimeLimit PT1S and rlimit cpu both set");
        assertThatThrownBy(() -> resolve(builder().allowPerProcessCpuTimeLimit()))
                .hasMessageContaining("allowPerProcessCpuTimeLimit() is set but no cpuTimeLimit");
        assertThatThrownBy(() -> resolve(builder().noNewPrivs(false)))
                .hasMessageContaining("a seccomp filter needs noNewPrivs(true) or CAP_SYS_ADMIN");
    }

    @Test
    void aCpuTimeLimitWantsACgroupAndAnRlimitSafetyNet() {
        LaunchSpec spec = resolve(builder().cpuTimeLimit(Duration.ofMillis(1500)));
        assertThat(spec.cgroup()).isNotNull();
        assertThat(spec.cgroup().optional()).isFalse();
        assertThat(spec.hardening().rlimits().get(ResourceLimit.CPU)).containsExactly(3, 4);
        LaunchSpec fallback = resolve(builder().cpuTimeLimit(Duration.ofMillis(1500)).allowPerProcessCpuTimeLimit());
        assertThat(fallback.cgroup().optional()).isTrue();
        assertThat(fallback.hardening().rlimits().get(ResourceLimit.CPU)).containsExactly(2, 3);
    }
}
