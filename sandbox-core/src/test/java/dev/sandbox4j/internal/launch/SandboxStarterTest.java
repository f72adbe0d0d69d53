package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.TestBuilders;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.SpecResolver;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch stages driven end to end through an injected runtime: a spec resolved from a builder,
 * the host prepared, the plan encoded and handed to a fake shim server over recording syscalls.
 * No root, nothing spawned: the server's socket refuses the request, and the test checks that the
 * resources prepared for it are released in one place.
 */
class SandboxStarterTest {
    @TempDir
    Path tmp;

    private final RecordingSyscalls sys = new RecordingSyscalls().failing("sendmsg", Errno.EMFILE);
    private final AtomicInteger cgroupHostAsked = new AtomicInteger();
    private final SandboxRuntime runtime = new SandboxRuntime(sys, () -> {
        cgroupHostAsked.incrementAndGet();
        throw new AssertionError("no cgroup was asked for");
    }, rt -> new ShimServer(rt, x -> new ShimBinary(-1, "/shim", "test")), (s, c) -> {
        throw new AssertionError("the launch failed before it needed the event loop");
    }, () -> 0L, s -> {
        throw new AssertionError("the server is given its shim");
    }, s -> {
        throw new AssertionError("a rootless sandbox takes no host ids from the pool");
    });

    /** A rootless sandbox with an overlay at /data: preparing it makes a work directory beside the upper one. */
    private LaunchSpec overlaySpec() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        return new SpecResolver(runtime).resolve(TestBuilders.request(TestBuilders.with(runtime)
                .overlay(List.of(lower), upper, "/data").command("/bin/true"), 1000, 1000));
    }

    @Test
    void aLaunchTheServerRefusesReleasesTheOverlayWorkDirsItPreparedAndEveryFd() throws Exception {
        LaunchSpec spec = overlaySpec();

        assertThatThrownBy(() -> new SandboxStarter(runtime).start(spec))
                .isInstanceOf(SandboxStartException.class).hasMessageContaining("sendmsg").hasMessageContaining("EMFILE");

        assertThat(sys.calls).as("the shim server came from the runtime and was spawned through its syscalls")
                .anyMatch(c -> c.startsWith("posix_spawn"));
        assertThat(sys.sent).as("the launch request reached the fake server's socket").hasSize(1);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("the overlay's work directory is removed again")
                    .containsExactlyInAnyOrder(tmp.resolve("lower"), tmp.resolve("upper"));
        }
        assertThat(sys.openFds()).as("only the server's socket stays open").hasSize(1);
        assertThat(cgroupHostAsked).hasValue(0);
    }

    @Test
    void aStageThatFailsBeforeTheLaunchReleasesWhatTheEarlierStagesTook() throws Exception {
        LaunchSpec resolved = overlaySpec();
        // A cgroup the host cannot make: the filesystem was prepared before the cgroup stage failed.
        LaunchSpec spec = resolved.toBuilder().cgroup(new dev.sandbox4j.internal.spec.CgroupSpec(
                dev.sandbox4j.cgroups.CgroupLimits.none(), null)).build();
        Path host = Files.createDirectories(tmp.resolve("host"));
        SandboxRuntime noCgroups = new SandboxRuntime(sys, () -> dev.sandbox4j.cgroups.CgroupHost.detect(
                dev.sandbox4j.cgroups.HostPaths.fakeTree(host, 1000, 1)),
                rt -> {
                    throw new AssertionError("no launch: the cgroup stage failed");
                }, (s, c) -> {
                    throw new AssertionError("no launch: the cgroup stage failed");
                }, () -> 0L, s -> {
                    throw new AssertionError("no launch: the cgroup stage failed");
                }, s -> {
                    throw new AssertionError("a rootless sandbox takes no host ids from the pool");
                });

        assertThatThrownBy(() -> new SandboxStarter(noCgroups).start(spec))
                .isInstanceOfSatisfying(SandboxStartException.class, e -> assertThat(e.step()).isEqualTo("cgroup"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("the overlay's work directory is removed again")
                    .containsExactlyInAnyOrder(tmp.resolve("lower"), tmp.resolve("upper"), host);
        }
        assertThat(sys.openFds()).isEmpty();
    }
}
