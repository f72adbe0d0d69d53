package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.SandboxDescription;
import dev.sandbox4j.HostIds;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.FileChange;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStats;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.Change;
import dev.sandbox4j.internal.describe.Inspector;
import dev.sandbox4j.internal.seccomp.Arch;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running sandbox: the status and control pipes to the shim server, and
 * the program's stdio. The reaper calls {@link #exited()} at end of file on
 * the status pipe, which the server closes once it has reaped the init: the
 * result completes when everything of the sandbox is gone.
 */
final class SandboxProcessImpl extends SandboxProcess implements Reaper.Watched {
    private static final System.Logger LOG = System.getLogger(SandboxProcessImpl.class.getName());
    private static final int SIGKILL = 9, SIGTERM = 15;

    private final Syscalls sys;
    private final Reaper reaper;
    private final LaunchSpec spec;
    private Plan plan;
    private final int statusFd;
    private final FdStream control;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final long startNanos = System.nanoTime();
    // Status records are small (a failure, the largest, is about 1.2 KiB); a read
    // never takes more than the decode buffer has room for.
    private final ByteBuffer statusBuf = ByteBuffer.allocate(4096);
    private final MemorySegment readBuf = Arena.ofAuto().allocate(2048);
    private final List<Cleanup> cleanups;
    private volatile PtyLeader terminal;
    private volatile boolean paused; // exec is refused meanwhile: its init could not join a frozen cgroup's task
    private final SandboxCgroup cgroup; // null without one
    private final HostIds hostIds; // null without a user namespace
    private final CompletableFuture<SandboxResult> done = new CompletableFuture<>();
    // What callers get: a copy (they may complete theirs, never ours), completed where done is,
    // so a waiter in join() wakes without a thread hop; their stages run on a worker.
    private final CompletableFuture<SandboxResult> userResult;

    // Guarded by this: the reaper and the starting thread meet here.
    private boolean startupOver;
    private boolean statusClosed; // the server is done with the sandbox
    private volatile int initPid = -1;
    private volatile long programPid = -1;
    // Taken while the program runs: it holds the start time, so it never stands for a reused pid.
    private volatile ProcessHandle programHandle;
    private StatusRecord.Reaped reaped;
    private StatusRecord.Failed failed;
    private StatusRecord.Exited exitRecord;
    private StatusRecord.Trapped trapped;
    private volatile boolean timedOut;
    private volatile boolean cpuTimedOut; // the cgroup CPU budget ran out (CpuBudget)
    private volatile boolean outputExceeded; // a piped stream went over its output limit (OutputBudget)

    /** Runs after the sandbox ended, before the result completes (cgroup removal, mounts). */
    interface Cleanup {
        void run(ResultBuilder result) throws IOException;
    }

    /** A cleanup that never blocks (a lock released): it may run on the reaper. */
    interface QuickCleanup extends Cleanup {}

    /** Lets cleanups add what they measured to the result. */
    static final class ResultBuilder {
        OptionalLong memoryPeakBytes = OptionalLong.empty();
        Optional<Duration> cpuUsage = Optional.empty();
        OptionalLong pidsPeak = OptionalLong.empty();
        boolean oomKilled;
        List<Change> changes = List.of();
    }

    SandboxProcessImpl(Syscalls sys, Reaper reaper, LaunchSpec spec, int statusFd, int controlFd,
            OutputStream stdin, InputStream stdout, InputStream stderr, SandboxCgroup cgroup, List<Cleanup> cleanups,
            HostIds hostIds) {
        this.hostIds = hostIds;
        this.sys = sys;
        this.reaper = reaper;
        this.spec = spec;
        this.statusFd = statusFd;
        this.control = new FdStream(sys, controlFd);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.cleanups = List.copyOf(cleanups);
        this.cgroup = cgroup;
        this.userResult = new WorkerFuture<>(reaper.worker());
        done.whenComplete((r, t) -> {
            if (t != null) {
                userResult.completeExceptionally(t);
            } else {
                userResult.complete(r);
            }
        });
    }

    @Override
    public Optional<HostIds> hostIds() {
        return Optional.ofNullable(hostIds);
    }

    /** Registers with the reaper and arms the timeout; call before {@link #awaitStartup()}. */
    void watch() throws SyscallException {
        reaper.watch(statusFd, 0, this); // no events asked: only the hang-up, when every writer is gone
        if (spec.timeout() != null) {
            reaper.schedule(spec.timeout().toNanos(), () -> {
                if (!done.isDone()) {
                    timedOut = true;
                    signalShim(SIGKILL);
                }
            });
        }
        if (cgroup != null && spec.hardening().cpuTimeLimit() != null) {
            CpuBudget.start(reaper, cgroup, spec.hardening().cpuTimeLimit(), () -> {
                cpuTimedOut = true;
                signalShim(SIGKILL);
            }, done::isDone);
        }
    }

    /** A piped stream went over its output limit (its reader's thread): end the whole sandbox. */
    void outputLimitExceeded() {
        outputExceeded = true;
        signalShim(SIGKILL);
    }

    /**
     * Blocks until the shim reports that the program runs, or throws what
     * went wrong after everything of the failed sandbox is gone.
     */
    void awaitStartup() throws IOException {
        boolean started = false;
        try {
            while (!started && failed == null) {
                long n = sys.read(statusFd, readBuf, Math.min(readBuf.byteSize(), statusBuf.remaining()));
                if (n == 0) {
                    break;
                }
                statusBuf.put(readBuf.asSlice(0, n).asByteBuffer());
                statusBuf.flip();
                for (StatusRecord r : StatusRecord.decode(statusBuf)) {
                    started |= accept(r);
                }
            }
            sys.fcntl(statusFd, Syscalls.F_SETFL, Syscalls.O_NONBLOCK);
        } finally {
            synchronized (this) {
                startupOver = true;
                if (statusClosed) {
                    finish();
                }
            }
        }
        if (!started) {
            awaitGone();
            throw startFailure();
        }
    }

    private synchronized boolean accept(StatusRecord r) {
        switch (r) {
            case StatusRecord.Started s -> {
                initPid = s.initHostPid();
                long program = ProgramPid.find(s.initHostPid(), s.innerPid());
                programPid = program > 0 ? program : s.initHostPid(); // not found: the init stands for its pid
                programHandle = program > 0 ? ProcessHandle.of(program).orElseGet(() -> new EndedProgram(program,
                        spec.command())) : new EndedProgram(programPid, spec.command());
                return true;
            }
            case StatusRecord.Failed f -> {
                if (failed == null) {
                    failed = f;
                }
            }
            case StatusRecord.Exited e -> exitRecord = e;
            case StatusRecord.Trapped t -> {
                if (trapped == null) {
                    trapped = t; // the first trap is the one that ended it
                }
            }
            case StatusRecord.Reaped end -> reaped = end;
        }
        return false;
    }

    private void awaitGone() {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox {0} did not end after a failed start", pid());
        }
    }

    private SandboxStartException startFailure() {
        StatusRecord.Failed f;
        synchronized (this) {
            f = failed;
        }
        if (f == null) {
            String why = timedOut ? "the timeout of " + spec.timeout() + " ran out during setup"
                    : "the sandbox ended during setup without a report (" + describeInitEnd() + ")";
            return new SandboxStartException("setup", 0, why, null);
        }
        return StartFailure.of(f, spec, hostIds, plan);
    }

    private synchronized String describeInitEnd() {
        if (reaped == null) {
            return "the shim server went away";
        }
        int ws = reaped.waitStatus();
        return (ws & 0x7f) == 0 ? "its init exited with code " + ((ws >> 8) & 0xff)
                : "its init was killed by signal " + (ws & 0x7f);
    }

    /** Reaper thread: the status pipe has no writer left, so the sandbox is gone. */
    @Override
    public void exited() {
        reaper.unwatch(statusFd);
        synchronized (this) {
            statusClosed = true;
            if (startupOver) {
                finish();
            }
        }
    }

    /** Both sides are done with the status pipe: collect the rest and clean up. */
    private void finish() {
        drainStatus();
        if (reaped == null && initPid > 0 && awaitInitGone()) {
            return; // release() runs once the init's pid namespace is gone
        }
        release();
    }

    /**
     * The server died (killed from outside) and could not report the init's
     * end: its status pipe closed while the init's pid namespace may still be
     * dying. Waits on the init's pidfd, readable once the init and everything
     * of its namespace are gone, bounded in case the pid was reused already.
     * Returns false when there is nothing to wait for.
     */
    private boolean awaitInitGone() {
        int pidfd;
        try {
            pidfd = sys.pidfdOpen(initPid);
        } catch (SyscallException e) {
            return false; // ESRCH: gone and reaped
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable gone = () -> {
            if (once.compareAndSet(false, true)) {
                reaper.unwatch(pidfd);
                closeQuietly(pidfd);
                synchronized (this) {
                    release();
                }
            }
        };
        try {
            reaper.watch(pidfd, Syscalls.EPOLLIN, gone::run);
        } catch (SyscallException e) {
            closeQuietly(pidfd);
            return false;
        }
        reaper.schedule(TimeUnit.SECONDS.toNanos(2), gone);
        return true;
    }

    /** Closes our ends and completes the result (after the cleanups). */
    private void release() {
        closeQuietly(statusFd);
        control.close();
        // With an output limit, whether the program went over it must be known before the result:
        // a worker waits for the streams to settle.
        boolean metered = spec.hardening().outputLimits().any();
        if (!metered && stdout instanceof FdInputStream in) {
            in.processExited();
        }
        if (!metered && stderr instanceof FdInputStream in) {
            in.processExited();
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // nothing to flush
        }
        if (!metered && cleanups.stream().allMatch(c -> c instanceof QuickCleanup)) {
            // Nothing that may block: complete here (the reaper or the starting thread);
            // user stages hang off result(), which runs them on a worker.
            ResultBuilder extra = new ResultBuilder();
            ShimClient.runCleanups(cleanups, extra);
            done.complete(buildResult(extra));
            return;
        }
        reaper.worker().execute(() -> {
            if (metered) {
                OutputSettle.settle(stdout, stderr);
            }
            ResultBuilder extra = new ResultBuilder();
            ShimClient.runCleanups(cleanups, extra);
            done.complete(buildResult(extra));
        });
    }

    private void drainStatus() {
        try {
            long n;
            while ((n = sys.read(statusFd, readBuf, Math.min(readBuf.byteSize(), statusBuf.remaining()))) > 0) {
                statusBuf.put(readBuf.asSlice(0, n).asByteBuffer());
                statusBuf.flip();
                StatusRecord.decode(statusBuf).forEach(this::accept);
            }
        } catch (SyscallException e) {
            // EAGAIN: nothing more was written (only before the end, from a failed start)
        }
    }

    private synchronized SandboxResult buildResult(ResultBuilder extra) {
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        int code = -1, signal = 0;
        Duration user = Duration.ZERO, system = Duration.ZERO;
        long rss = 0;
        if (exitRecord != null) {
            int ws = exitRecord.waitStatus();
            if ((ws & 0x7f) == 0) {
                code = (ws >> 8) & 0xff;
            } else {
                signal = ws & 0x7f;
            }
            user = Duration.ofNanos(exitRecord.userMicros() * 1000);
            system = Duration.ofNanos(exitRecord.systemMicros() * 1000);
            rss = exitRecord.maxRssKb();
        } else {
            // No report from the init: the sandbox was killed as a whole.
            int ws = reaped == null ? SIGKILL : reaped.waitStatus();
            signal = (ws & 0x7f) == 0 ? SIGKILL : ws & 0x7f;
        }
        Outcome outcome = Outcome.classify(new Outcome.Facts(failed != null, timedOut, cpuTimedOut, outputExceeded,
                spec.hardening().cpuTimeLimit(), spec.hardening().rlimits().containsKey(ResourceLimit.FSIZE), code,
                signal, user.plus(system), extra.oomKilled));
        SandboxStatus status = outcome.status();
        Optional<TimeoutKind> timeoutKind = outcome.timeoutKind();
        return new SandboxResult(status, code >= 0 ? OptionalInt.of(code) : OptionalInt.empty(),
                signal != 0 ? OptionalInt.of(signal) : OptionalInt.empty(), wall, user, system, rss,
                extra.memoryPeakBytes, extra.cpuUsage, extra.pidsPeak, extra.oomKilled, timeoutKind,
                extra.changes.stream().map(c -> new FileChange(FileChange.Kind.valueOf(c.kind().name()), c.path()))
                        .toList(),
                trapped == null ? Optional.empty() : Optional.of(java.util.Objects.requireNonNullElse(
                        Arch.current().syscalls().name(trapped.nr()), "syscall " + trapped.nr())),
                hostIds());
    }

    private void closeQuietly(int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.DEBUG, "close", e);
        }
    }

    /** Writes a request to the outer shim: a signal to forward, or SIGKILL for all. */
    private void signalShim(int signal) {
        int fd = control.acquire();
        if (fd < 0) {
            return; // already over
        }
        try (Arena a = Arena.ofConfined()) {
            sys.write(fd, a.allocateFrom(ValueLayout.JAVA_BYTE, (byte) signal), 1);
        } catch (SyscallException e) {
            // EPIPE: the shim is exiting already
        } finally {
            control.release();
        }
        if (signal == SIGKILL && cgroup != null) {
            // A paused sandbox cannot die frozen (v1 freezer: SIGKILL stays pending): thaw it so the kill lands.
            try {
                cgroup.thaw();
            } catch (CgroupException e) {
                LOG.log(System.Logger.Level.DEBUG, "thaw before kill", e);
            }
        }
    }

    /** A new future per call: one caller's {@code orTimeout}, {@code cancel} or {@code complete} is theirs alone. */
    @Override
    public CompletableFuture<SandboxResult> result() {
        return userResult.copy();
    }

    @Override
    public void pause() throws IOException {
        requireCgroup("pause").freeze();
        paused = true;
    }

    @Override
    public void resume() throws IOException {
        requireCgroup("resume").thaw();
        paused = false;
    }

    @Override
    public Optional<SandboxStats> stats() throws IOException {
        if (cgroup == null || done.isDone()) {
            return Optional.empty();
        }
        CgroupStats s = cgroup.stats();
        return Optional.of(new SandboxStats(s.memoryCurrentBytes(), s.memoryPeakBytes(), s.cpuUsage(),
                s.cpuThrottledPeriods(), s.cpuThrottledTime(), s.pidsCurrent(), s.pidsPeak(), s.oomKills()));
    }

    private SandboxCgroup requireCgroup(String what) throws CgroupException {
        if (cgroup == null) {
            throw new IllegalStateException(what + " needs a cgroup: set a limit (memory, cpus, pids, ...) or "
                    + "accounting() on the builder");
        }
        if (done.isDone()) {
            throw new IllegalStateException("sandbox " + pid() + " has ended");
        }
        return cgroup;
    }

    /**
     * As {@link Process#onExit()}: a new future per call, completed with this
     * process once the sandbox has ended (never exceptionally), so completing or
     * cancelling it changes nothing for other callers. Like {@code result()}, it
     * completes on the thread that saw the end, its dependent stages on a worker.
     */
    @Override
    public CompletableFuture<Process> onExit() {
        CompletableFuture<Process> exit = new WorkerFuture<>(reaper.worker());
        done.whenComplete((r, t) -> exit.complete(this));
        return exit;
    }

    @Override
    public void sendSignal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal " + signal + " is not a signal number (1..64)");
        }
        signalShim(signal);
    }

    @Override
    public SandboxProcess exec(ExecSpec e) throws IOException {
        if (done.isDone() || !isAlive() || programPid == initPid) {
            throw new IllegalStateException("cannot exec " + e.command() + ": the sandbox has ended");
        }
        if (paused) {
            throw new IllegalStateException("cannot exec " + e.command() + ": the sandbox is paused (resume() it)");
        }
        ProcessHandle program = programHandle;
        return SandboxExec.start(sys, spec, hostIds, programPid, () -> program.isAlive() && !done.isDone(), cgroup, e);
    }

    @Override
    public SandboxDescription describe() throws IOException {
        if (done.isDone() || !isAlive()) {
            throw new IllegalStateException("sandbox " + initPid + " has ended: nothing to describe");
        }
        if (programPid == initPid) {
            throw new IllegalStateException("sandbox " + initPid + ": its program has ended: nothing to describe");
        }
        return Inspector.describe(initPid, programPid, spec.hardening().seccompFilter(), cgroup,
                spec.cgroup() == null ? null : spec.cgroup().limits(), stats().orElse(null));
    }

    /** The launched plan, set once before {@link #watch()}: a start failure names the setting behind its op. */
    void attachPlan(Plan plan) {
        this.plan = plan;
    }

    /** The terminal of a {@code tty(true)} sandbox, set once before {@link #watch()}. */
    void attachTerminal(PtyLeader leader) {
        this.terminal = leader;
    }

    @Override
    public void resizeTerminal(int columns, int rows) throws IOException {
        if (terminal == null) {
            throw new IllegalStateException("the sandbox has no terminal: start it with tty(true)");
        }
        terminal.resize(columns, rows);
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return done.get().processExitValue();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            done.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        SandboxResult r = done.getNow(null);
        if (r == null) {
            throw new IllegalThreadStateException("sandbox " + pid() + " has not exited");
        }
        return r.processExitValue();
    }

    @Override
    public boolean isAlive() {
        return !done.isDone();
    }

    @Override
    public void destroy() {
        signalShim(SIGTERM);
        reaper.schedule(spec.killGrace().toNanos(), () -> signalShim(SIGKILL));
    }

    @Override
    public Process destroyForcibly() {
        signalShim(SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** The program's pid as the host numbers it (see {@link ProgramPid}). */
    @Override
    public long pid() {
        return programPid;
    }

    /**
     * The program's handle, taken when it started: {@code info()} shows its command, and
     * its {@code destroy()} signals the program alone (SIGTERM, no grace kill); the
     * sandbox ends when the program does. A program that was over before its start was
     * reported gets a handle that is not alive, as the JDK's for an exited process.
     */
    @Override
    public ProcessHandle toHandle() {
        return programHandle;
    }

    @Override
    public void close() {
        if (!done.isDone()) {
            destroyForcibly();
        }
        boolean interrupted = false;
        for (;;) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        try {
            stdin.close();
            stdout.close();
            stderr.close();
        } catch (IOException e) {
            // closing our pipe ends cannot fail in a way worth reporting
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SandboxProcess[pid=" + pid() + ", command=" + spec.command() + (isAlive() ? ", alive]" : ", ended]");
    }
}
