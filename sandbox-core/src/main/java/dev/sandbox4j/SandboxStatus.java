package dev.sandbox4j;

/**
 * How a sandboxed program ended, as a judge switches on it; see {@link SandboxResult#status()}.
 * When several apply, the first in this order wins: {@link #SETUP_FAILED}, {@link #TIMED_OUT},
 * {@link #OUTPUT_LIMIT}, {@link #MEMORY_LIMIT}, {@link #SECCOMP_KILLED}, {@link #SIGNALED}, {@link #EXITED}
 * (a limit the library enforced explains the signal that followed it).
 *
 * <pre>{@code
 * String verdict = switch (result.status()) {
 *     case EXITED -> result.exitCode().getAsInt() == 0 ? "OK" : "RE";
 *     case TIMED_OUT -> "TLE";          // result.timeoutKind(): WALL_TIME or CPU_TIME
 *     case MEMORY_LIMIT -> "MLE";
 *     case OUTPUT_LIMIT -> "OLE";
 *     case SIGNALED, SECCOMP_KILLED -> "RE";
 *     case SETUP_FAILED -> "IE";
 * };
 * }</pre>
 */
public enum SandboxStatus {
    /** It exited by itself; {@link SandboxResult#exitCode()} is present. */
    EXITED,
    /** A signal ended it; {@link SandboxResult#signal()} is present. */
    SIGNALED,
    /**
     * A time limit ran out and the sandbox was killed: the wall-clock {@code timeout} or the
     * {@code cpuTimeLimit}; {@link SandboxResult#timeoutKind()} tells which.
     */
    TIMED_OUT,
    /**
     * The memory controller's OOM killer killed a process of the sandbox (any of them, not only the
     * main one): the cgroup's {@code memory.events oom_kill} (v2) or {@code memory.oom_control} (v1).
     */
    MEMORY_LIMIT,
    /**
     * The program wrote more than an {@code outputLimit} to a piped stream (the library killed the
     * sandbox), or a file-size limit ({@code RLIMIT_FSIZE}) ended it with SIGXFSZ.
     */
    OUTPUT_LIMIT,
    /** The seccomp filter killed it (it died of SIGSYS). */
    SECCOMP_KILLED,
    /**
     * The sandbox could not be set up and the program never ran; {@code start()} threw a
     * {@link SandboxStartException} naming the step. Only a result observed by other means (a
     * {@code result()} stage registered by a wrapper) carries it.
     */
    SETUP_FAILED
}
