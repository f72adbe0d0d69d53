package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.internal.ids.HostIdPool;
import dev.sandbox4j.internal.process.Clock;
import dev.sandbox4j.internal.process.EventLoop;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The host services a sandbox is built, started, exec'd into and probed with: the syscalls, the
 * cgroup host, the shim binary and server, the host id pool, the event loop and the one clock it
 * times with. Production uses {@link #system()}, whose services are the JVM's one of each, made when
 * first asked for; the builder, {@link SandboxStarter}, the shim client, a running sandbox (for
 * {@code exec}), the host preparation and the host probe take one instead of reaching for statics, so
 * a test passes fakes:
 *
 * <pre>{@code
 * SandboxRuntime rt = SandboxRuntime.of(new RecordingSyscalls(), () -> { throw new AssertionError("no cgroup"); });
 * }</pre>
 */
public final class SandboxRuntime {
    private static final SandboxRuntime SYSTEM = new SandboxRuntime(LinuxSyscalls.INSTANCE,
            SandboxRuntime::systemCgroups, ShimServer::shared, EventLoop::shared, Clock.SYSTEM, ShimBinary::get,
            HostIdPool::shared);
    private static volatile CgroupHost systemCgroups;

    /** The event loop as the runtime makes it, timing with the runtime's clock; a seam for tests. */
    interface EventLoopSource {
        EventLoop get(Syscalls sys, Clock clock) throws SyscallException;
    }

    private final Syscalls sys;
    private final Supplier<CgroupHost> cgroups;
    private final Function<SandboxRuntime, ShimServer> servers;
    private final EventLoopSource eventLoops;
    private final Clock clock;
    private final ShimServer.ShimSource shims;
    private final Function<Syscalls, HostIdPool> hostIds;

    SandboxRuntime(Syscalls sys, Supplier<CgroupHost> cgroups, Function<SandboxRuntime, ShimServer> servers,
            EventLoopSource eventLoops, Clock clock, ShimServer.ShimSource shims,
            Function<Syscalls, HostIdPool> hostIds) {
        this.sys = Objects.requireNonNull(sys, "sys");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shims = Objects.requireNonNull(shims, "shims");
        this.hostIds = Objects.requireNonNull(hostIds, "hostIds");
    }

    /** The real one: this JVM's syscalls, cgroup host, shim, shim server, host id pool and event loop. */
    public static SandboxRuntime system() {
        return SYSTEM;
    }

    /**
     * A runtime for tests of what comes before a launch (resolving a spec, preparing the host): these
     * syscalls and cgroup host; asking it for a shim, a shim server, host ids or an event loop fails.
     */
    public static SandboxRuntime of(Syscalls sys, Supplier<CgroupHost> cgroups) {
        return new SandboxRuntime(sys, cgroups, rt -> {
            throw new IllegalStateException("this runtime has no shim server");
        }, (s, c) -> {
            throw new IllegalStateException("this runtime has no event loop");
        }, Clock.SYSTEM, s -> {
            throw new IllegalStateException("this runtime has no shim");
        }, s -> {
            throw new IllegalStateException("this runtime has no host id pool");
        });
    }

    /** The syscalls every native call goes through. */
    public Syscalls sys() {
        return sys;
    }

    /** The cgroup host sandboxes' cgroups are created in (detected once; may report itself unavailable). */
    public CgroupHost cgroupHost() {
        return cgroups.get();
    }

    /** The shim server launches are handed to. */
    ShimServer shimServer() {
        return servers.apply(this);
    }

    /** The event loop that watches running sandboxes; it reads time only through this runtime's clock. */
    EventLoop eventLoop() throws SyscallException {
        return eventLoops.get(sys, clock);
    }

    /** The shim binary the server and the workspace helper are spawned from; its state for the probe. */
    public ShimBinary shim() throws IOException {
        return shims.get(sys);
    }

    /** The pool root's sandboxes take host id ranges from, whose lock file the shim server holds. */
    HostIdPool hostIdPool() {
        return hostIds.apply(sys);
    }

    /** The host's cgroups, detected once per JVM; what a JVM killed earlier left is swept then. */
    private static CgroupHost systemCgroups() {
        CgroupHost h = systemCgroups;
        if (h == null) {
            synchronized (SandboxRuntime.class) {
                if ((h = systemCgroups) == null) {
                    h = CgroupHost.detect();
                    StaleCgroups.sweep(h.defaultParentDirectories());
                    systemCgroups = h;
                }
            }
        }
        return h;
    }
}
