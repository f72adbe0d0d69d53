package dev.sandbox4j;

/**
 * Which limit ended a {@link SandboxStatus#TIMED_OUT} sandbox.
 *
 * <pre>{@code
 * if (r.timeoutKind().orElse(null) == TimeoutKind.CPU_TIME) { ... }
 * }</pre>
 */
public enum TimeoutKind {
    /** {@code timeout(Duration)}: wall-clock time. */
    WALL_TIME,
    /**
     * {@code cpuTimeLimit(Duration)}: the sandbox's total CPU time (its cgroup's), or a process's
     * RLIMIT_CPU where the per-process fallback was allowed.
     */
    CPU_TIME
}
