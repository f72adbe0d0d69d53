package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.process.Cleanup;
import dev.sandbox4j.internal.process.Cleanups;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shim client: starts one sandbox whose host side is prepared. Writes
 * the plan into a pipe, hands it with the sandbox's fds to the shim server
 * (a launch request), opens the status channel and hands the running
 * sandbox to the event loop. Every fd it opens is closed again on every path.
 */
public final class ShimClient {
    private static final int PIPE_DEFAULT = 64 * 1024;
    private final Syscalls sys;
    private final RequestSink server;
    private final SandboxRuntime runtime;

    public ShimClient(SandboxRuntime runtime) {
        this(runtime, runtime.shimServer());
    }

    /** @param server where the launch request goes: the shim server, or a pooled sandbox's init */
    ShimClient(SandboxRuntime runtime, RequestSink server) {
        this.runtime = runtime;
        this.sys = runtime.sys();
        this.server = server;
    }

    /**
     * Launches; the cleanups run when the sandbox has ended, or before this
     * throws when it never started.
     */
    public SandboxProcess launch(LaunchSpec spec, byte[] plan, SandboxCgroup cgroup,
            List<Cleanup> cleanups) throws IOException {
        return launch(spec, new LaunchIds(null, LaunchIds.SERVER, LaunchIds.SERVER, -1), Plan.of(plan), cgroup,
                cleanups, Map.of());
    }

    /** @param initFds more fds for the init (network channel, workspace mounts): slot to the JVM's fd (the JVM keeps its own) */
    SandboxProcess launch(LaunchSpec spec, LaunchIds ids, Plan plan, SandboxCgroup cgroup,
            List<Cleanup> cleanups, Map<Integer, Integer> initFds) throws IOException {
        List<Integer> opened = new ArrayList<>(); // every fd opened here
        List<Integer> kept = new ArrayList<>(); // the parent's ends, owned by the process once launched
        boolean launched = false;
        try {
            int planFd = plan.bytes().length < PIPE_DEFAULT ? planInPipe(plan.bytes(), opened)
                    : planInMemfd(plan.bytes(), opened);
            int[] status = pipe(opened);
            int[] control = pipe(opened);
            sys.fcntl(control[1], Syscalls.F_SETFL, Syscalls.O_NONBLOCK);
            TerminalLink tty = spec.terminal() == null ? null : new TerminalLink(sys, opened);
            Stdio in = tty != null ? new Stdio(tty.nullFd, -1) : stdio(0, spec.stdin(), opened);
            Stdio out = tty != null ? in : stdio(1, spec.stdout(), opened);
            Stdio err = spec.redirectErrorStream() || tty != null ? new Stdio(out.childFd, -1)
                    : stdio(2, spec.stderr(), opened);
            for (int fd : new int[] {status[0], control[1], in.parentFd, out.parentFd, err.parentFd}) {
                if (fd >= 0) {
                    kept.add(fd);
                }
            }

            Map<Integer, Integer> placement = new TreeMap<>();
            placement.put(0, in.childFd);
            placement.put(1, out.childFd);
            placement.put(2, err.childFd);
            placement.put(OpCode.FD_PLAN, planFd);
            placement.put(OpCode.FD_STATUS, status[1]);
            placement.put(OpCode.FD_CONTROL, control[0]);
            placement.putAll(initFds);
            List<Integer> passed = spec.hardening().passFds();
            for (int i = 0; i < passed.size(); i++) {
                placement.put(PlanEncoder.passedSlot(spec, i), passed.get(i));
            }
            if (tty != null) {
                placement.put(PlanEncoder.ptySlot(spec), tty.theirs);
            }
            server.submit(LaunchRequest.of(placement, ids));
            TerminalLink.Leader pty = tty == null ? null : tty.receive();
            if (pty != null) {
                cleanups = terminalCleanup(pty, cleanups);
            }
            // Should anything below fail, the finally closes the control pipe and the server kills the sandbox.
            OutputBudget budget = new OutputBudget(spec.hardening().outputLimits());
            SandboxProcessImpl p = new SandboxProcessImpl(runtime, spec, status[0], control[1],
                    pty != null ? pty.in()
                            : in.parentFd < 0 ? closedOutput() : new FdOutputStream(sys, in.parentFd),
                    pty != null ? pty.out()
                            : out.parentFd < 0 ? InputStream.nullInputStream() : new FdInputStream(sys, out.parentFd, budget.meter(1)),
                    err.parentFd < 0 ? InputStream.nullInputStream() : new FdInputStream(sys, err.parentFd, budget.meter(2)),
                    cgroup, cleanups, ids.ids());
            budget.whenExceeded(p::outputLimitExceeded);
            if (pty != null) {
                p.attachTerminal(pty.leader());
            }
            p.attachPlan(plan);
            p.watch();
            launched = true;
            opened.removeAll(kept);
            closeAll(opened); // the child's ends: EOF on our pipes must mean the sandbox closed them
            opened.clear();
            p.awaitStartup();
            return p;
        } catch (SyscallException e) {
            throw new SandboxStartException(e.call(), "cannot start the sandbox: " + e.getMessage(), e);
        } finally {
            if (!launched) {
                closeAll(opened);
                // Once launched, the process runs them when the sandbox has ended.
                Cleanups.runAll(cleanups);
            }
        }
    }

    /** The cleanups, then closing the terminal's resize fd (cleanups run once the sandbox has ended). */
    private static List<Cleanup> terminalCleanup(TerminalLink.Leader pty, List<Cleanup> cleanups) {
        List<Cleanup> all = new ArrayList<>(cleanups);
        all.add(extra -> pty.leader().close());
        return all;
    }

    private record Stdio(int childFd, int parentFd) {}

    private Stdio stdio(int n, Redirect r, List<Integer> opened) throws IOException {
        int ro = Syscalls.O_RDONLY | Syscalls.O_CLOEXEC;
        int wo = Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_CLOEXEC;
        return switch (r.type()) {
            case PIPE -> {
                int[] p = pipe(opened);
                yield n == 0 ? new Stdio(p[0], p[1]) : new Stdio(p[1], p[0]);
            }
            case INHERIT -> new Stdio(n, -1);
            case READ -> new Stdio(track(opened, sys.open(r.file().getPath(), ro, 0)), -1);
            case WRITE -> new Stdio(track(opened, sys.open(r.file().getPath(), wo | Syscalls.O_TRUNC, 0666)), -1);
            case APPEND -> new Stdio(track(opened, sys.open(r.file().getPath(), wo | Syscalls.O_APPEND, 0666)), -1);
        };
    }

    private static int track(List<Integer> list, int fd) {
        list.add(fd);
        return fd;
    }

    private int[] pipe(List<Integer> opened) throws SyscallException {
        int[] p = sys.pipe2(Syscalls.O_CLOEXEC);
        opened.add(p[0]);
        opened.add(p[1]);
        return p;
    }

    /** A pipe holding the plan (it fits the default capacity); the server reads to end of file. */
    private int planInPipe(byte[] plan, List<Integer> opened) throws SyscallException {
        int[] p = pipe(opened);
        writePlan(p[1], plan);
        sys.close(p[1]);
        opened.remove(Integer.valueOf(p[1]));
        return p[0];
    }

    /**
     * A larger plan (a long command line, file contents) goes into a memfd:
     * growing a pipe past /proc/sys/fs/pipe-max-size (1 MiB) needs
     * CAP_SYS_RESOURCE, which failed such starts with EPERM. The server
     * reads it to end of file as it reads a pipe, through a second open of
     * the memfd so that reading starts at offset 0.
     */
    private int planInMemfd(byte[] plan, List<Integer> opened) throws SyscallException {
        int written = track(opened, sys.memfdCreate("sandbox4j-plan", Syscalls.MFD_CLOEXEC));
        writePlan(written, plan);
        int read = track(opened, sys.open("/proc/self/fd/" + written, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0));
        sys.close(written);
        opened.remove(Integer.valueOf(written));
        return read;
    }

    private void writePlan(int fd, byte[] plan) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocateFrom(ValueLayout.JAVA_BYTE, plan);
            long off = 0;
            while (off < plan.length) {
                off += sys.write(fd, seg.asSlice(off), plan.length - off);
            }
        }
    }

    private void closeAll(List<Integer> fds) {
        for (int fd : fds) {
            try {
                sys.close(fd);
            } catch (SyscallException e) {
                // best effort on a failure path
            }
        }
    }

    private static OutputStream closedOutput() {
        OutputStream o = OutputStream.nullOutputStream();
        try {
            o.close(); // writes now fail with "Stream closed", as for the JDK's redirected streams
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }
}
