package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.internal.process.EventLoop;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The host services a sandbox is built and started with: the syscalls, the cgroup host, the shim
 * server, the event loop and the clock. Production uses {@link #system()}, whose services are the
 * JVM's one of each, made when first asked for; the builder, {@link SandboxStarter}, the shim client
 * and the host probe take one instead of reaching for statics, so a test passes fakes:
 *
 * <pre>{@code
 * SandboxRuntime rt = SandboxRuntime.of(new RecordingSyscalls(), () -> { throw new AssertionError("no cgroup"); });
 * }</pre>
 */
public final class SandboxRuntime {
    private static final SandboxRuntime SYSTEM = new SandboxRuntime(LinuxSyscalls.INSTANCE,
            SandboxRuntime::systemCgroups, ShimServer::shared, EventLoop::shared, System::nanoTime);
    private static volatile CgroupHost systemCgroups;

    /** The event loop as the runtime makes it; a seam for tests. */
    interface EventLoopSource {
        EventLoop get(Syscalls sys) throws SyscallException;
    }

    private final Syscalls sys;
    private final Supplier<CgroupHost> cgroups;
    private final Function<Syscalls, ShimServer> servers;
    private final EventLoopSource eventLoops;
    private final LongSupplier nanoClock;

    SandboxRuntime(Syscalls sys, Supplier<CgroupHost> cgroups, Function<Syscalls, ShimServer> servers,
            EventLoopSource eventLoops, LongSupplier nanoClock) {
        this.sys = Objects.requireNonNull(sys, "sys");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The real one: this JVM's syscalls, cgroup host, shim server and event loop. */
    public static SandboxRuntime system() {
        return SYSTEM;
    }

    /**
     * A runtime for tests of what comes before a launch (resolving a spec, preparing the host): these
     * syscalls and cgroup host; asking it for a shim server or an event loop fails.
     */
    public static SandboxRuntime of(Syscalls sys, Supplier<CgroupHost> cgroups) {
        return new SandboxRuntime(sys, cgroups, s -> {
            throw new IllegalStateException("this runtime has no shim server");
        }, s -> {
            throw new IllegalStateException("this runtime has no event loop");
        }, System::nanoTime);
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
        return servers.apply(sys);
    }

    /** The event loop that watches running sandboxes. */
    EventLoop eventLoop() throws SyscallException {
        return eventLoops.get(sys);
    }

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    public long nanoTime() {
        return nanoClock.getAsLong();
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
