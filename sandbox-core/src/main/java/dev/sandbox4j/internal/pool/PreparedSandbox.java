package dev.sandbox4j.internal.pool;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.launch.StaleCgroups;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.ShimWire;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.launch.PooledLaunch;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One prepared sandbox: an init with its namespaces and root, serving runs
 * over a channel (see {@code pool.c}). Its preparation is an ordinary
 * launch whose process stands for the whole sandbox: when it ends, its
 * cleanups remove the init's cgroup, mounts and host ids as for any sandbox.
 * Used by one thread at a time (the pool hands it to one caller).
 */
final class PreparedSandbox {
    private static final System.Logger LOG = System.getLogger(PreparedSandbox.class.getName());
    private static final AtomicLong GROUPS = new AtomicLong(1L << 40); // apart from SandboxStarter's sequence

    private final SandboxRuntime runtime;
    private final Syscalls sys;
    private final LaunchSpec spec;
    private final SandboxProcess init; // the preparation: its end is the sandbox's end
    private final int channel;
    private final MemorySegment buf = Arena.ofAuto().allocate(2048);
    private SandboxCgroup nextGroup; // pre-created for the next run, or null
    private boolean channelClosed;
    private boolean ready; // the init's last word was READY and no run went since

    private PreparedSandbox(SandboxRuntime runtime, LaunchSpec spec, SandboxProcess init, int channel) {
        this.runtime = runtime;
        this.sys = runtime.sys();
        this.spec = spec;
        this.init = init;
        this.channel = channel;
    }

    /** Prepares one (on the pool's thread, or the caller's when none is left). */
    static PreparedSandbox prepare(SandboxRuntime runtime, LaunchSpec spec, List<String> writable, int resetMillis)
            throws IOException {
        Syscalls sys = runtime.sys();
        int[] pair = sys.seqpacketPair();
        List<Integer> ours = new ArrayList<>(List.of(pair[1]));
        SandboxProcess init = null;
        try {
            init = PooledLaunch.prepare(runtime, PooledLaunch.preparation(spec), (plan, mounts, group, fds) -> {
                fds.put(OpCode.FD_POOL_CHANNEL, pair[1]);
                PlanWriter w = new PlanWriter();
                List<Path> procs = group == null ? List.of() : group.procsFiles();
                for (int i = 0; i < procs.size(); i++) {
                    int fd = sys.open(procs.get(i).toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
                    ours.add(fd);
                    fds.put(OpCode.FD_POOL_HOME + i, fd);
                    w.op(OpCode.POOL_HOME).u32(OpCode.FD_POOL_HOME + i).end();
                }
                PoolPolicy.prepareOps(spec, mounts, writable, w);
                w.op(OpCode.POOL_SERVE).u32(OpCode.FD_POOL_CHANNEL).u32(resetMillis).end();
                return PlanEdit.withoutTarget(plan, w.plan());
            });
            PreparedSandbox s = new PreparedSandbox(runtime, spec, init, pair[0]);
            String failure = s.awaitReady();
            if (failure != null) {
                throw new IOException("the pooled sandbox failed once prepared: " + failure);
            }
            s.precreateGroup();
            return s;
        } catch (IOException | RuntimeException e) {
            if (init != null) {
                init.destroyForcibly();
            }
            close(sys, pair[0]);
            throw e;
        } finally {
            ours.forEach(fd -> close(sys, fd));
        }
    }

    /** Creates the next run's cgroup ahead of its start, when the definition has one. */
    synchronized void precreateGroup() throws CgroupException {
        if (channelClosed) {
            // let go: a group made now (a refill's pre-creation queued before the discard) would outlive it
            throw new CgroupException(CgroupException.Kind.FAILED, "the pooled sandbox was let go: no run group for it");
        }
        if (nextGroup == null && spec.cgroup() != null) {
            String name = StaleCgroups.jvmPrefix() + GROUPS.incrementAndGet();
            var host = PooledLaunch.cgroupHost(runtime);
            nextGroup = spec.cgroup().parent() == null ? host.create(name, spec.cgroup().limits())
                    : host.create(spec.cgroup().parent(), name, spec.cgroup().limits());
        }
    }

    /**
     * Waits for the init's word after its reset: null when it is ready, else
     * why it is not (it is gone then).
     */
    String awaitReady() {
        if (ready) {
            return null;
        }
        try {
            long n = sys.read(channel, buf, buf.byteSize());
            if (n >= 8 && buf.get(ValueLayout.JAVA_INT, 0) == ShimWire.STATUS_POOL_READY) {
                ready = true;
                return null;
            }
            return n >= 8 && buf.get(ValueLayout.JAVA_INT, 0) == ShimWire.STATUS_FAILED ? failure(n)
                    : "the init ended without a word";
        } catch (SyscallException e) {
            return "reading its channel: " + e.getMessage();
        }
    }

    /** A FAILED record: errno, step, detail (status.h). */
    private String failure(long n) {
        byte[] b = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        var in = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder());
        in.position(8);
        int errno = in.getInt();
        String step = str(in), detail = str(in);
        return step + " failed" + (errno == 0 ? "" : " (errno " + errno + ")") + ": " + detail;
    }

    private static String str(java.nio.ByteBuffer in) {
        int len = Math.min(in.getInt(), in.remaining());
        byte[] s = new byte[len];
        in.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /**
     * Starts one run; the init must have said it is ready.
     *
     * @param run the run's spec (command, environment, stdio)
     */
    SandboxProcess run(LaunchSpec run, List<PlacedFile> files) throws IOException {
        SandboxCgroup group;
        synchronized (this) {
            precreateGroup();
            group = nextGroup;
            nextGroup = null;
        }
        Map<Integer, Integer> fds = new HashMap<>();
        try {
            PlanWriter w = new PlanWriter();
            List<Path> procs = group == null ? List.of() : group.procsFiles();
            for (int i = 0; i < procs.size(); i++) {
                fds.put(OpCode.FD_FIRST_PASSED + i,
                        sys.open(procs.get(i).toString(), Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0));
                w.op(OpCode.RUN_CGROUP).u32(OpCode.FD_FIRST_PASSED + i).end();
            }
            for (PlacedFile f : files) {
                w.op(OpCode.RUN_FILE).str(f.path()).u32(f.mode()).u32(run.uid()).u32(run.gid()).bytes(f.content())
                        .end();
            }
            PooledLaunch.targetOps(run, w);
            HostIds ids = init.hostIds().orElse(null);
            ready = false; // the init answers again after this run's reset
            return PooledLaunch.run(runtime, channel, run, ids, w.plan(), group, fds);
        } catch (IOException | RuntimeException e) {
            if (group != null) {
                closeGroup(group);
            }
            throw e;
        } finally {
            fds.values().forEach(fd -> close(sys, fd));
        }
    }

    /**
     * Lets the sandbox go: the init ends (its channel closes, and the server
     * kills it), then everything it held is removed.
     *
     * @return completes once nothing of it is left
     */
    CompletableFuture<?> discard() {
        synchronized (this) {
            if (!channelClosed) {
                channelClosed = true;
                close(sys, channel);
            }
        }
        init.destroyForcibly();
        synchronized (this) {
            if (nextGroup != null) {
                closeGroup(nextGroup);
                nextGroup = null;
            }
        }
        return init.result().handle((r, t) -> null);
    }

    private static void closeGroup(SandboxCgroup g) {
        try {
            g.close();
        } catch (CgroupException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing a pooled run's unused cgroup", e);
        }
    }

    private static void close(Syscalls sys, int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.DEBUG, "close", e);
        }
    }
}
