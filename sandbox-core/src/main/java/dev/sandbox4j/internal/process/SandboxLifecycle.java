package dev.sandbox4j.internal.process;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.launch.StatusRecord;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of one started sandbox, from its start to its result: reads the status channel, arms
 * the wall-clock timeout and the CPU budget on the event loop, signals through the control
 * channel, learns of the end when the status pipe hangs up (the server closes it once it reaped
 * the init), then closes its ends, runs the cleanups and completes the result with the
 * {@link Outcome} of what it saw. Time is read through the loop's {@link Clock}.
 *
 * <pre>{@code
 * SandboxLifecycle run = new SandboxLifecycle(sys, loop, settings, statusFd, controlFd, io, cgroup, cleanups, ids, why);
 * run.watch();
 * run.awaitStartup();
 * SandboxResult r = run.ended().join();
 * }</pre>
 */
public final class SandboxLifecycle implements EventLoop.Watched {
    private static final System.Logger LOG = System.getLogger(SandboxLifecycle.class.getName());

    /**
     * What the lifecycle needs of the spec.
     *
     * @param command         the program's command line (for the handle of a program already over)
     * @param timeout         the wall-clock timeout, null for none
     * @param killGrace       how long {@link #destroy()} waits after SIGTERM before SIGKILL
     * @param cpuTimeLimit    the total CPU-time limit, null for none
     * @param fileSizeLimited RLIMIT_FSIZE is set, so a SIGXFSZ comes from it
     * @param outputMetered   a piped stream has an output limit, so the streams settle before the result
     */
    public record Settings(List<String> command, Duration timeout, Duration killGrace, Duration cpuTimeLimit,
            boolean fileSizeLimited, boolean outputMetered) {}

    /**
     * The program's stdio as the JVM sees it, closed or settled when the sandbox has ended.
     *
     * @param stdin  the program's stdin
     * @param stdout the program's stdout
     * @param stderr the program's stderr
     */
    public record Stdio(OutputStream stdin, InputStream stdout, InputStream stderr) {}

    /** Turns the failure the shim reported into what {@link #awaitStartup()} throws. */
    @FunctionalInterface
    public interface StartFailure {
        /**
         * @param failed the shim's first failure record
         * @return the exception to throw
         */
        SandboxStartException explain(StatusRecord.Failed failed);
    }

    private final EventLoop loop;
    private final Clock clock;
    private final Settings settings;
    private final StatusChannel status;
    private final ControlChannel control;
    private final Syscalls sys;
    private final Stdio io;
    private final SandboxCgroup cgroup; // null without one
    private final List<Cleanup> cleanups;
    private final HostIds hostIds; // null without a user namespace
    private final StartFailure startFailure;
    private final long startNanos;
    private final CompletableFuture<SandboxResult> done = new CompletableFuture<>();
    private final SandboxEnd end;

    // Guarded by this: the loop's thread and the starting thread meet here.
    private boolean startupOver;
    private boolean statusClosed; // the server is done with the sandbox
    private volatile ProgramPid.Found program = ProgramPid.Found.NONE;
    private volatile boolean timedOut;
    private volatile boolean cpuTimedOut; // the cgroup CPU budget ran out (CpuBudget)
    private volatile boolean outputExceeded; // a piped stream went over its output limit (OutputBudget)

    /**
     * @param sys          the system calls
     * @param loop         the event loop that watches the status pipe and runs the timers
     * @param settings     what the lifecycle needs of the spec
     * @param statusFd     the status pipe's read end (owned from now on)
     * @param controlFd    the control pipe's write end (owned from now on)
     * @param io           the program's stdio
     * @param cgroup       the sandbox's cgroup, null without one
     * @param cleanups     what runs once the sandbox has ended
     * @param hostIds      the ids the sandbox's user namespace maps to, null without one
     * @param startFailure how a reported setup failure becomes an exception
     */
    public SandboxLifecycle(Syscalls sys, EventLoop loop, Settings settings, int statusFd, int controlFd, Stdio io,
            SandboxCgroup cgroup, List<? extends Cleanup> cleanups, HostIds hostIds, StartFailure startFailure) {
        this.sys = sys;
        this.loop = loop;
        this.clock = loop.clock();
        this.settings = settings;
        this.status = new StatusChannel(sys, statusFd);
        this.control = new ControlChannel(sys, controlFd, cgroup);
        this.io = io;
        this.cgroup = cgroup;
        this.cleanups = List.copyOf(cleanups);
        this.hostIds = hostIds;
        this.startFailure = startFailure;
        this.startNanos = clock.nanoTime();
        this.end = new SandboxEnd(sys, loop);
    }

    /**
     * Registers with the event loop and arms the timeout and CPU budget; call before {@link #awaitStartup()}.
     *
     * @throws SyscallException when epoll refuses the status pipe
     */
    public void watch() throws SyscallException {
        loop.watch(status.fd(), 0, this); // no events asked: only the hang-up, when every writer is gone
        if (settings.timeout() != null) {
            loop.schedule(settings.timeout().toNanos(), () -> {
                if (!done.isDone()) {
                    timedOut = true;
                    control.signal(ControlChannel.SIGKILL);
                }
            });
        }
        if (cgroup != null && settings.cpuTimeLimit() != null) {
            CpuBudget.start(loop, cgroup, settings.cpuTimeLimit(), () -> {
                cpuTimedOut = true;
                control.signal(ControlChannel.SIGKILL);
            }, done::isDone);
        }
    }

    /**
     * Blocks until the shim reports that the program runs, or throws what went wrong after
     * everything of the failed sandbox is gone.
     *
     * @throws IOException the failure, with the step, errno and a hint
     */
    public void awaitStartup() throws IOException {
        boolean started = false;
        try {
            started = status.readUntilStarted();
            if (started) {
                program = ProgramPid.Found.of(status.started(), settings.command());
            }
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

    private void awaitGone() {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox {0} did not end after a failed start", program.pid());
        }
    }

    private SandboxStartException startFailure() {
        StatusRecord.Failed f = status.failed();
        if (f != null) {
            return startFailure.explain(f);
        }
        StatusRecord.Reaped r = status.reaped();
        String why = timedOut ? "the timeout of " + settings.timeout() + " ran out during setup"
                : "the sandbox ended during setup without a report (" + (r == null ? "the shim server went away"
                        : "its init " + WaitStatus.of(r.waitStatus()).describe()) + ")";
        return new SandboxStartException("setup", 0, why, null);
    }

    /** The loop's thread: the status pipe has no writer left, so the sandbox is gone. */
    @Override
    public void ready() {
        loop.unwatch(status.fd());
        synchronized (this) {
            statusClosed = true;
            if (startupOver) {
                finish();
            }
        }
    }

    /** Both sides are done with the status pipe: collect the rest and clean up. */
    private void finish() {
        status.drain();
        // The server died (killed from outside) and could not report the init's end: release once its
        // pid namespace is gone.
        if (status.reaped() == null && end.afterInit(program.initPid(), this::releaseLocked)) {
            return;
        }
        release();
    }

    private synchronized void releaseLocked() {
        release();
    }

    /** Closes our ends and completes the result (after the cleanups). */
    private void release() {
        end.closeQuietly(status.fd());
        control.close();
        // With an output limit, whether the program went over it must be known before the result:
        // a worker waits for the streams to settle.
        boolean metered = settings.outputMetered();
        if (!metered) {
            ProgramOutput.exited(io.stdout(), io.stderr());
        }
        try {
            io.stdin().close();
        } catch (IOException e) {
            // nothing to flush
        }
        if (!metered && Cleanups.quick(cleanups)) {
            // Nothing that may block: complete here (the loop's or the starting thread);
            // user stages hang off result(), which runs them on a worker.
            done.complete(result(Cleanups.runAll(cleanups)));
            return;
        }
        loop.worker().execute(() -> {
            if (metered) {
                ProgramOutput.settle(io.stdout(), io.stderr());
            }
            done.complete(result(Cleanups.runAll(cleanups)));
        });
    }

    private SandboxResult result(Measurements measured) {
        Duration wall = Duration.ofNanos(clock.nanoTime() - startNanos);
        StatusRecord.Exited exited = status.exited();
        StatusRecord.Reaped reaped = status.reaped();
        Duration cpu = exited == null ? Duration.ZERO
                : Duration.ofNanos((exited.userMicros() + exited.systemMicros()) * 1000);
        Outcome outcome = Outcome.classify(new Outcome.Facts(status.failed() != null, timedOut, cpuTimedOut,
                outputExceeded, settings.cpuTimeLimit(), settings.fileSizeLimited(),
                exited == null ? OptionalInt.empty() : OptionalInt.of(exited.waitStatus()),
                reaped == null ? OptionalInt.empty() : OptionalInt.of(reaped.waitStatus()), cpu,
                measured.oomKilled()));
        return ResultAssembly.assemble(outcome, exited, wall, measured, status.trapped(), hostIds);
    }

    /** A piped stream went over its output limit (its reader's thread): end the whole sandbox. */
    public void outputLimitExceeded() {
        outputExceeded = true;
        control.signal(ControlChannel.SIGKILL);
    }

    /**
     * Forwards {@code signal} to the program (SIGKILL: kills the whole sandbox).
     *
     * @param signal the signal number
     */
    public void signal(int signal) {
        control.signal(signal);
    }

    /** SIGTERM now, SIGKILL for the whole sandbox once the kill grace has passed. */
    public void destroy() {
        control.signal(ControlChannel.SIGTERM);
        loop.schedule(settings.killGrace().toNanos(), () -> control.signal(ControlChannel.SIGKILL));
    }

    /**
     * The result, completed (never exceptionally) once everything of the sandbox is gone.
     *
     * @return the library's own future: callers get copies
     */
    public CompletableFuture<SandboxResult> ended() {
        return done;
    }

    /**
     * The program as found when it started.
     *
     * @return its host pid, the init's, and its handle
     */
    public ProgramPid.Found program() {
        return program;
    }

    /**
     * The sandbox's cgroup.
     *
     * @return the cgroup, null without one
     */
    public SandboxCgroup cgroup() {
        return cgroup;
    }

    /**
     * The host ids of the sandbox's user namespace.
     *
     * @return the ids, null without a user namespace
     */
    public HostIds hostIds() {
        return hostIds;
    }
}
