package dev.sandbox4j;

/**
 * How a sandboxed program ended; see {@link SandboxResult#status()}.
 *
 * <pre>{@code
 * if (result.status() == SandboxStatus.TIMED_OUT) { ... }
 * }</pre>
 */
public enum SandboxStatus {
    /** It exited by itself; {@link SandboxResult#exitCode()} is present. */
    EXITED,
    /** A signal ended it; {@link SandboxResult#signal()} is present. */
    SIGNALED,
    /** The wall-clock timeout ran out and the sandbox was killed. */
    TIMED_OUT,
    /** The memory controller killed it (cgroup limit). */
    OOM_KILLED,
    /** The seccomp filter killed it (it died of SIGSYS). */
    SECCOMP_KILLED
}
