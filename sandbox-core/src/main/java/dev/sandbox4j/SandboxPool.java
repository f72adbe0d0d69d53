package dev.sandbox4j;

import dev.sandbox4j.internal.launch.PooledLaunch;
import dev.sandbox4j.internal.pool.PlacedFile;
import dev.sandbox4j.internal.pool.PoolEngine;
import dev.sandbox4j.internal.track.StartTracking;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prepared sandboxes of one definition, for many short runs: each waits as
 * an init with its namespaces created and its root filesystem built and
 * pivoted, so a run costs a spawn inside it. A run is a {@link SandboxProcess}
 * like {@link Sandbox#start()}'s: the same stdio, {@code result()}, timeout,
 * limits and accounting.
 *
 * <pre>{@code
 * Sandbox judge = Sandbox.builder().memory("256M").timeout(Duration.ofSeconds(2)).command("/bin/true").build();
 * try (SandboxPool pool = SandboxPool.of(judge, 4)) {
 *     for (String test : tests) {
 *         SandboxResult r = pool.start(PooledRun.of("/usr/bin/python3", "/tmp/main.py")
 *                 .file("/tmp/main.py", source)).result().join();
 *     }
 * }
 * }</pre>
 *
 * <h2>Reset contract</h2>
 * A prepared sandbox keeps between runs only its namespaces (user, pid,
 * mount, uts, network, cgroup, time), its read-only mounts and its init.
 * Before each run starts, and otherwise the sandbox is discarded and a fresh
 * one prepared, so no run starts in a sandbox in an unknown state:
 * <ul>
 * <li><b>processes</b>: the init (PID 1) kills every other process of its pid
 * namespace and reaps them, then checks from the namespace's own
 * {@code /proc} that none is left, and that the run's cgroup is empty;</li>
 * <li><b>files</b>: every writable tmpfs ({@code /tmp}, {@code /run},
 * {@code /dev}, {@code /dev/shm}, those you added) is emptied back to what it
 * held when prepared, and what it held then must be unchanged (type, mode,
 * owner, link target); the mount table must be byte for byte the prepared
 * one (a mount added, removed or remounted discards the sandbox). Read-only
 * mounts are unchanged by construction: a definition with a writable bind,
 * overlay, workspace or root cannot be pooled;</li>
 * <li><b>cgroup</b>: each run gets a fresh cgroup with the definition's
 * limits, created ahead off the start path, so peak memory, CPU time, pids
 * and OOM counts start from zero; it is removed once the run is over and it
 * is empty. The init leaves it after the run;</li>
 * <li><b>IPC</b>: each run gets a fresh IPC namespace (SysV objects and POSIX
 * message queues of the last run are unreachable and freed with it; one
 * {@code unshare} costs less than listing and removing objects);</li>
 * <li><b>hostname, domainname</b>: set back to the prepared ones; <b>working
 * directory, environment, rlimits, ids, capabilities, seccomp</b>: applied
 * to each run's program as the definition says, as for {@link Sandbox#start()};
 * the umask is the init's, which no run can change;</li>
 * <li><b>network</b>: the loopback-only namespace is kept; its sockets die with
 * the run's processes.</li>
 * </ul>
 * A run's {@code /sys/fs/cgroup} shows the prepared sandbox's own group, not
 * the run's.
 *
 * <h2>Life</h2>
 * The pool holds at most {@code size} prepared sandboxes; one thread of its own
 * refills it after a start, off the caller's path, and exists only while there
 * is work. With none waiting, a start prepares one itself. After
 * {@code idleTime} without a start the pool shrinks to zero. {@link #close()}
 * kills the runs still going ({@code SIGNALED} 9) and leaves nothing behind:
 * processes, mounts, cgroups.
 */
public final class SandboxPool implements AutoCloseable {
    /** How long an unused pool keeps its prepared sandboxes unless told otherwise. */
    public static final Duration DEFAULT_IDLE_TIME = Duration.ofSeconds(30);

    private final Sandbox definition;
    private final PoolEngine engine;

    private SandboxPool(Sandbox definition, int size, Duration idleTime) {
        this.definition = definition;
        this.engine = new PoolEngine(definition.runtime(), definition.spec(), size, idleTime);
    }

    /**
     * A pool of up to {@code size} prepared sandboxes of this definition, kept for
     * {@link #DEFAULT_IDLE_TIME} without use.
     *
     * @param definition what each run gets (its command is the default command)
     * @param size       how many prepared sandboxes may wait, 1 to 1024
     * @return the pool; it starts preparing at once
     * @throws IllegalArgumentException when the definition cannot be pooled (a writable bind, an overlay,
     *                                  a shared pid, mount or IPC namespace, a terminal, ...), naming why
     */
    public static SandboxPool of(Sandbox definition, int size) {
        return of(definition, size, DEFAULT_IDLE_TIME);
    }

    /**
     * A pool of up to {@code size} prepared sandboxes of this definition.
     *
     * @param definition what each run gets
     * @param size       how many prepared sandboxes may wait, 1 to 1024
     * @param idleTime   after this long without a start the pool holds none
     * @return the pool
     * @throws IllegalArgumentException when the definition cannot be pooled, naming why
     */
    public static SandboxPool of(Sandbox definition, int size, Duration idleTime) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(idleTime, "idleTime");
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("pool size " + size + " is not valid: use 1 to 1024");
        }
        if (idleTime.isNegative() || idleTime.isZero()) {
            throw new IllegalArgumentException("pool idle time " + idleTime + " must be positive");
        }
        return new SandboxPool(definition, size, idleTime);
    }

    /**
     * Runs a command (none: the definition's) in a prepared sandbox, with the
     * definition's stdio settings replaced by pipes.
     *
     * @param command an absolute program path and its arguments, or nothing
     * @return the running program
     * @throws IOException when the run could not start ({@link SandboxStartException} names the step)
     */
    public SandboxProcess start(String... command) throws IOException {
        return start(PooledRun.of(command));
    }

    /**
     * Runs in a prepared sandbox.
     *
     * @param run the command, environment additions, stdio and files of this run
     * @return the running program
     * @throws IOException when the run could not start
     * @throws IllegalArgumentException when a file is not inside a writable mount
     */
    public SandboxProcess start(PooledRun run) throws IOException {
        for (PlacedFile f : run.files()) {
            if (!engine.placeable(f.path())) {
                throw new IllegalArgumentException("file " + f.path() + " cannot be placed: it must be a normalised "
                        + "absolute path inside one of the writable mounts " + engine.writableMounts());
            }
        }
        var spec = definition.spec();
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.putAll(run.env());
        List<String> command = run.command().isEmpty() ? spec.command() : run.command();
        var runSpec = PooledLaunch.forRun(spec, command, env, run.stdinRedirect(), run.stdoutRedirect(),
                run.stderrRedirect(), run.errorToOutput());
        return StartTracking.opened(definition, engine.start(runSpec, run.files()));
    }

    /**
     * How many prepared sandboxes wait for a run now.
     *
     * @return 0 to the pool's size
     */
    public int prepared() {
        return engine.prepared();
    }

    /**
     * Kills the runs still going (they end {@code SIGNALED} 9), removes every
     * prepared sandbox and returns once nothing of them is left.
     */
    @Override
    public void close() {
        engine.close();
    }
}
