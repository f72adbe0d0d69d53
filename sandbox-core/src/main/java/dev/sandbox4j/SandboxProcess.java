package dev.sandbox4j;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running sandbox. It behaves like the {@link Process} it extends (streams,
 * {@code waitFor}, {@code onExit}, {@code destroy}) and also reports what a
 * judge or plugin host needs through {@link #result()}.
 *
 * <p>{@link #destroy()} sends SIGTERM to the program and SIGKILL to the whole
 * sandbox after the grace period; {@link #destroyForcibly()} kills the whole
 * sandbox at once; {@link #close()} kills it if it still runs and returns
 * only when no process of it is left.
 *
 * <p>{@link #pid()}, {@link #toHandle()} and {@link #info()} describe the
 * program, as for any {@code Process}: its pid as the host numbers it, its
 * command and arguments. Its parent is the sandbox's init (PID 1 inside,
 * {@code sandbox4j-init} in {@code ps}). {@code toHandle().destroy()} sends
 * SIGTERM to the program alone, without {@link #destroy()}'s kill after the
 * grace period; the sandbox ends when the program does. Neither program nor
 * init is a child of this JVM: a small per-JVM server process started by the
 * library creates every sandbox, so {@code ProcessHandle.current().children()}
 * does not list them. (A program so quick that it was over before its start
 * was reported gets a {@code toHandle()} that is not alive, and when even its
 * pid could not be read, {@code pid()} is the init's.)
 *
 * <p>{@link #result()} and {@link #onExit()} return a new future on each call,
 * so a caller's {@code orTimeout}, {@code cancel} or {@code complete} affects
 * only their own future. {@code onExit()} follows {@link Process#onExit()}: it
 * completes with this process, never exceptionally, once the sandbox has ended.
 *
 * <pre>{@code
 * try (SandboxProcess p = Sandbox.builder().command("/bin/echo", "hi").start()) {
 *     String out = new String(p.getInputStream().readAllBytes());
 *     SandboxResult r = p.result().join();
 * }
 * }</pre>
 */
public abstract class SandboxProcess extends Process implements AutoCloseable {
    /** For the implementation in this library only. */
    protected SandboxProcess() {}

    /**
     * The outcome, once the sandbox has ended and everything of it is gone. Each call
     * returns a new future: completing or cancelling it changes nothing for other callers.
     *
     * @return a future of this sandbox's result, completed on a worker thread's schedule
     */
    public abstract CompletableFuture<SandboxResult> result();

    /**
     * Sends {@code signal} to the sandboxed program (through the sandbox's init).
     *
     * @param signal the signal number, 1 to 64
     */
    public abstract void sendSignal(int signal);

    /**
     * Freezes every process of the sandbox (its cgroup's freezer).
     *
     * @throws IllegalStateException when the sandbox has no cgroup (no limit and no {@code accounting()})
     * @throws IOException when the cgroup cannot be frozen
     */
    public abstract void pause() throws IOException;

    /**
     * Lets a {@link #pause() paused} sandbox run on.
     *
     * @throws IOException when the cgroup cannot be thawed
     */
    public abstract void resume() throws IOException;

    /**
     * Live accounting from the sandbox's cgroup; empty without one or once it has ended.
     *
     * @return the current accounting, or empty
     * @throws IOException when the cgroup cannot be read
     */
    public abstract Optional<SandboxStats> stats() throws IOException;

    /**
     * The host ids its user namespace maps (empty when it shares the host's):
     * as root a range of its own, rootless the caller's ids.
     *
     * @return the mapped host ids, or empty without a user namespace
     */
    public abstract Optional<HostIds> hostIds();

    /**
     * Sets the size of the sandbox's terminal; the program in the foreground
     * gets SIGWINCH, as on a resized window.
     * <pre>{@code
     * SandboxProcess p = Sandbox.builder().tty(true).command("/bin/sh").start();
     * p.resizeTerminal(120, 40);   // stty size inside now prints "40 120"
     * }</pre>
     *
     * @param columns the new width, 1..65535
     * @param rows    the new height, 1..65535
     * @throws IOException              when the kernel refuses the size
     * @throws IllegalArgumentException when a side is not 1..65535
     * @throws IllegalStateException    when the sandbox was started without {@code tty(true)}, or has ended
     */
    public abstract void resizeTerminal(int columns, int rows) throws IOException;

    /**
     * Starts another program inside this running sandbox: in all of its
     * namespaces, its root and its cgroup (its memory counts against the
     * sandbox's limit), with the same capabilities, no_new_privs, seccomp
     * filter and rlimits and no fd of the caller's. Killing the sandbox ends
     * it too.
     * <pre>{@code
     * try (SandboxProcess sh = box.exec(ExecSpec.of("/bin/sh", "-c", "cat /proc/1/comm"))) {
     *     System.out.println(new String(sh.getInputStream().readAllBytes()));   // sandbox4j-init
     * }
     * }</pre>
     *
     * @param spec the command, environment, directory, ids, stdio and terminal
     * @return the new program, with its own streams and {@link #result()}
     * @throws IOException           when it cannot start ({@link SandboxStartException} naming the step)
     * @throws IllegalStateException when the sandbox has ended or is paused
     */
    public abstract SandboxProcess exec(ExecSpec spec) throws IOException;

    /**
     * The effective configuration of the running sandbox, read from the
     * host's side ({@code /proc} of its program, its cgroup).
     * <pre>{@code
     * System.out.println(p.describe().toJson());
     * }</pre>
     *
     * @return the description
     * @throws IOException           when /proc of the program cannot be read
     * @throws IllegalStateException when the sandbox (or its program) has ended
     */
    public abstract SandboxDescription describe() throws IOException;

    /** Kills the sandbox if it still runs and waits until nothing of it is left. */
    @Override
    public abstract void close();
}
