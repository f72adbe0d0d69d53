package dev.sandbox4j.internal.launch;

import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides a finished sandbox's {@link SandboxStatus} from what was observed, in one pure function so
 * that every outcome can be tested without running anything. The order of the checks is the
 * precedence documented on {@link SandboxStatus}: a limit the library enforced (or the kernel
 * enforced for a limit the caller set) explains the signal that followed it.
 *
 * <pre>{@code
 * Outcome o = Outcome.classify(new Outcome.Facts(false, false, false, false, null, false, 0, 9, Duration.ZERO, true));
 * o.status(); // MEMORY_LIMIT
 * }</pre>
 *
 * @param status      the status to report
 * @param timeoutKind present exactly for {@link SandboxStatus#TIMED_OUT}
 */
record Outcome(SandboxStatus status, Optional<TimeoutKind> timeoutKind) {
    static final int SIGKILL = 9, SIGXCPU = 24, SIGXFSZ = 25, SIGSYS = 31;

    /**
     * What the library saw of one sandbox's end.
     *
     * @param setupFailed     the shim reported a failed setup step (the program never ran)
     * @param wallTimedOut    the wall-clock timeout fired and the library killed the sandbox
     * @param cpuTimedOut     the cgroup CPU budget ran out and the library killed the sandbox
     * @param outputExceeded  a piped stream went over its output limit and the library killed the sandbox
     * @param cpuTimeLimit    the caller's CPU-time limit (also set as RLIMIT_CPU); null for none
     * @param fileSizeLimited the caller set RLIMIT_FSIZE, so a SIGXFSZ comes from it
     * @param exitCode        the main process's exit code, -1 when a signal ended it
     * @param signal          the signal that ended the main process, 0 when it exited
     * @param processCpu      the main process's user+system CPU time (with the children it waited for)
     * @param oomKilled       the memory controller killed a process of the sandbox
     */
    record Facts(boolean setupFailed, boolean wallTimedOut, boolean cpuTimedOut, boolean outputExceeded,
            Duration cpuTimeLimit, boolean fileSizeLimited, int exitCode, int signal, Duration processCpu,
            boolean oomKilled) {}

    static Outcome classify(Facts f) {
        if (f.setupFailed()) {
            return of(SandboxStatus.SETUP_FAILED);
        }
        if (f.wallTimedOut()) {
            return new Outcome(SandboxStatus.TIMED_OUT, Optional.of(TimeoutKind.WALL_TIME));
        }
        if (f.cpuTimedOut() || rlimitCpu(f)) {
            return new Outcome(SandboxStatus.TIMED_OUT, Optional.of(TimeoutKind.CPU_TIME));
        }
        if (f.outputExceeded() || (f.fileSizeLimited() && f.signal() == SIGXFSZ)) {
            return of(SandboxStatus.OUTPUT_LIMIT);
        }
        if (f.oomKilled()) {
            return of(SandboxStatus.MEMORY_LIMIT);
        }
        if (f.signal() == SIGSYS) {
            return of(SandboxStatus.SECCOMP_KILLED);
        }
        return of(f.signal() != 0 ? SandboxStatus.SIGNALED : SandboxStatus.EXITED);
    }

    /** RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one (a second later). */
    private static boolean rlimitCpu(Facts f) {
        return f.cpuTimeLimit() != null && (f.signal() == SIGXCPU
                || (f.signal() == SIGKILL && f.processCpu().compareTo(f.cpuTimeLimit()) >= 0));
    }

    private static Outcome of(SandboxStatus s) {
        return new Outcome(s, Optional.empty());
    }
}
