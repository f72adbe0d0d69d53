package dev.sandbox4j;

import dev.sandbox4j.cgroups.CgroupStats;
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
 * <p>{@link #pid()} is the sandbox's init (PID 1 inside) as the host numbers
 * it; the program is its child. Neither is a child of this JVM: a small
 * per-JVM server process started by the library creates every sandbox, so
 * {@code ProcessHandle.current().children()} does not list them.
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

    /** Completes when the sandbox has ended and everything of it is gone. */
    public abstract CompletableFuture<SandboxResult> result();

    /** Sends {@code signal} to the sandboxed program (through the sandbox's init). */
    public abstract void sendSignal(int signal);

    /**
     * Freezes every process of the sandbox (its cgroup's freezer).
     *
     * @throws IllegalStateException when the sandbox has no cgroup (no limit and no {@code accounting()})
     */
    public abstract void pause() throws IOException;

    /** Lets a {@link #pause() paused} sandbox run on. */
    public abstract void resume() throws IOException;

    /** Live accounting from the sandbox's cgroup; empty without one or once it has ended. */
    public abstract Optional<CgroupStats> stats() throws IOException;

    /**
     * Sets the size of the sandbox's terminal; the program in the foreground
     * gets SIGWINCH, as on a resized window.
     * <pre>{@code
     * SandboxProcess p = Sandbox.builder().tty(true).command("/bin/sh").start();
     * p.resizeTerminal(120, 40);   // stty size inside now prints "40 120"
     * }</pre>
     *
     * @throws IllegalArgumentException when a side is not 1..65535
     * @throws IllegalStateException    when the sandbox was started without {@code tty(true)}, or has ended
     */
    public abstract void resizeTerminal(int columns, int rows) throws IOException;

    /**
     * The effective configuration of the running sandbox, read from the
     * host's side ({@code /proc} of its program, its cgroup).
     * <pre>{@code
     * System.out.println(p.describe().toJson());
     * }</pre>
     *
     * @throws IllegalStateException when the sandbox (or its program) has ended
     */
    public abstract SandboxDescription describe() throws IOException;

    /** Kills the sandbox if it still runs and waits until nothing of it is left. */
    @Override
    public abstract void close();
}
