package dev.sandbox4j.internal.launch;

import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.HostIds;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SandboxDescription;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.SandboxStats;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.process.Cleanup;
import dev.sandbox4j.internal.process.EventLoop;
import dev.sandbox4j.internal.process.ProgramPid;
import dev.sandbox4j.internal.process.SandboxLifecycle;
import dev.sandbox4j.internal.process.WorkerFuture;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running sandbox as a {@link Process}: the adapter from the JDK's process API to the
 * sandbox's {@link SandboxLifecycle}, which owns its lifecycle, status and control pipes, timers and
 * result; what {@link SandboxProcess} adds (pause, stats, exec, describe) is in
 * {@link SandboxOperations}.
 */
final class SandboxProcessImpl extends SandboxProcess {
    private static final int SIGKILL = 9;

    private final EventLoop loop;
    private final LaunchSpec spec;
    private final SandboxLifecycle run;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<SandboxResult> done;
    // What callers get: a copy (they may complete theirs, never ours), completed where done is,
    // so a waiter in join() wakes without a thread hop; their stages run on a worker.
    private final CompletableFuture<SandboxResult> userResult;
    private final SandboxOperations ops;
    private Plan plan; // set once before watch(): a start failure names the setting behind its op

    /** @param runtime what the sandbox is started with: its syscalls, its event loop, an exec's launch */
    SandboxProcessImpl(SandboxRuntime runtime, LaunchSpec spec, int statusFd, int controlFd,
            OutputStream stdin, InputStream stdout, InputStream stderr, SandboxCgroup cgroup,
            List<? extends Cleanup> cleanups, HostIds hostIds) throws SyscallException {
        this.loop = runtime.eventLoop();
        this.spec = spec;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.run = new SandboxLifecycle(runtime.sys(), loop, settings(spec), statusFd, controlFd,
                new SandboxLifecycle.Stdio(stdin, stdout, stderr), cgroup, cleanups, hostIds,
                f -> StartFailure.of(f, spec, hostIds, plan)); // plan: read when a start fails
        this.done = run.ended();
        this.ops = new SandboxOperations(runtime, spec, run);
        this.userResult = new WorkerFuture<>(loop.worker());
        done.whenComplete((r, t) -> {
            if (t != null) {
                userResult.completeExceptionally(t);
            } else {
                userResult.complete(r);
            }
        });
    }

    /** What the lifecycle needs of the spec. */
    static SandboxLifecycle.Settings settings(LaunchSpec spec) {
        return new SandboxLifecycle.Settings(spec.command(), spec.timeout(), spec.killGrace(),
                spec.hardening().cpuTimeLimit(), spec.hardening().rlimits().containsKey(ResourceLimit.FSIZE),
                spec.hardening().outputLimits().any());
    }

    @Override
    public Optional<HostIds> hostIds() {
        return Optional.ofNullable(run.hostIds());
    }

    /** Registers with the event loop and arms the timeout; call before {@link #awaitStartup()}. */
    void watch() throws SyscallException {
        run.watch();
    }

    /** A piped stream went over its output limit (its reader's thread): end the whole sandbox. */
    void outputLimitExceeded() {
        run.outputLimitExceeded();
    }

    /** Blocks until the program runs, or throws what went wrong once the failed sandbox is gone. */
    void awaitStartup() throws IOException {
        run.awaitStartup();
    }

    /** A new future per call: one caller's {@code orTimeout}, {@code cancel} or {@code complete} is theirs alone. */
    @Override
    public CompletableFuture<SandboxResult> result() {
        return userResult.copy();
    }

    @Override
    public void pause() throws IOException {
        ops.pause();
    }

    @Override
    public void resume() throws IOException {
        ops.resume();
    }

    @Override
    public Optional<SandboxStats> stats() throws IOException {
        return ops.stats();
    }

    /**
     * As {@link Process#onExit()}: a new future per call, completed with this
     * process once the sandbox has ended (never exceptionally), so completing or
     * cancelling it changes nothing for other callers. Like {@code result()}, it
     * completes on the thread that saw the end, its dependent stages on a worker.
     */
    @Override
    public CompletableFuture<Process> onExit() {
        CompletableFuture<Process> exit = new WorkerFuture<>(loop.worker());
        done.whenComplete((r, t) -> exit.complete(this));
        return exit;
    }

    @Override
    public void sendSignal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal " + signal + " is not a signal number (1..64)");
        }
        run.signal(signal);
    }

    @Override
    public SandboxProcess exec(ExecSpec e) throws IOException {
        return ops.exec(e);
    }

    @Override
    public SandboxDescription describe() throws IOException {
        return ops.describe();
    }

    /** The launched plan, set once before {@link #watch()}: a start failure names the setting behind its op. */
    void attachPlan(Plan plan) {
        this.plan = plan;
    }

    /** The terminal of a {@code tty(true)} sandbox, set once before {@link #watch()}. */
    void attachTerminal(PtyLeader leader) {
        ops.attachTerminal(leader);
    }

    @Override
    public void resizeTerminal(int columns, int rows) throws IOException {
        ops.resizeTerminal(columns, rows);
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
        run.destroy();
    }

    @Override
    public Process destroyForcibly() {
        run.signal(SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** The program's pid as the host numbers it (see {@link ProgramPid}). */
    @Override
    public long pid() {
        return run.program().pid();
    }

    /**
     * The program's handle, taken when it started: {@code info()} shows its command, and
     * its {@code destroy()} signals the program alone (SIGTERM, no grace kill); the
     * sandbox ends when the program does. A program that was over before its start was
     * reported gets a handle that is not alive, as the JDK's for an exited process.
     */
    @Override
    public ProcessHandle toHandle() {
        return run.program().handle();
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
