package dev.sandbox4j.cgroups;

import java.nio.file.Path;
import java.util.List;

/**
 * One sandbox's cgroup (on v1: one directory per controller hierarchy used), created with its limits
 * already written. Not thread-confined; operations are safe to call from any thread.
 *
 * <p>Promises: a process joins by having its pid written to every file of {@link #procsFiles()};
 * {@link #close()} waits until the cgroup is empty (killing what is left after a bounded wait) and
 * removes every directory that was created, and is idempotent.
 *
 * <pre>{@code
 * try (SandboxCgroup cg = CgroupHost.detect().create("run-42", limits)) {
 *     Process p = ...;                      // normally the native shim joins itself
 *     cg.join(p.pid());
 *     cg.freeze(); cg.thaw();
 *     cg.killAll();
 *     System.out.println(cg.stats().memoryPeakBytes() + " oom=" + cg.oomKilled());
 * }
 * }</pre>
 */
public interface SandboxCgroup extends AutoCloseable {

    /** The name given at creation (the last path component of every directory). */
    String name();

    /** The layout this cgroup lives on ({@link CgroupLayout#HYBRID} hosts use v1 directories). */
    CgroupLayout layout();

    /** Every directory of this cgroup (v1: one per hierarchy used; v2: one). */
    List<Path> directories();

    /**
     * The {@code cgroup.procs} files a process must be written to, in order, to join this cgroup: one per
     * v1 hierarchy (memory, cpu, cpuacct, cpuset, pids and freezer whenever mounted, plus the controllers the limits
     * need), one on v2.
     */
    List<Path> procsFiles();

    /** Moves process {@code pid} into this cgroup by writing it to every {@link #procsFiles()} file. */
    void join(long pid) throws CgroupException;

    /** The pids now in the cgroup (union over hierarchies). */
    List<Long> pids() throws CgroupException;

    /** True when no process is left (v2: {@code cgroup.events populated 0}; v1: every cgroup.procs empty). */
    boolean isEmpty() throws CgroupException;

    /** Stops every task and returns once the kernel reports the group frozen. */
    void freeze() throws CgroupException;

    /** Lets frozen tasks run again and returns once the kernel reports the group thawed. */
    void thaw() throws CgroupException;

    /** SIGKILLs every process in the cgroup, including ones that double-forked, and returns once it is empty. */
    void killAll() throws CgroupException;

    /** Accounting now; fields this layout cannot report are empty. */
    CgroupStats stats() throws CgroupException;

    /** True when the memory controller's OOM killer killed a process of this cgroup. */
    boolean oomKilled() throws CgroupException;

    /** Waits until empty (killing after a bounded wait), then removes every directory; idempotent. */
    @Override
    void close() throws CgroupException;
}
