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
    /** {@code cpuTimeLimit(Duration)}: CPU time of a process (RLIMIT_CPU). */
    CPU_TIME
}
