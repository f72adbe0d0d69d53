package dev.sandbox4j.internal.process;

import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a finished sandbox ended, decided from what was observed in one pure function, so that every
 * outcome is tested without running anything. The order of the checks is the precedence documented
 * on {@link SandboxStatus}: a limit the library enforced (or the kernel enforced for a limit the
 * caller set) explains the signal that followed it.
 *
 * <pre>{@code
 * Outcome o = Outcome.classify(new Outcome.Facts(false, false, false, false, null, false,
 *         OptionalInt.of(9), OptionalInt.of(0), Duration.ZERO, true));
 * o.status(); // MEMORY_LIMIT
 * o.signal(); // 9
 * }</pre>
 *
 * @param status      the status to report
 * @param exitCode    the program's exit code, present when it exited
 * @param signal      the signal that ended the program, present when one did
 * @param timeoutKind present exactly for {@link SandboxStatus#TIMED_OUT}
 */
public record Outcome(SandboxStatus status, OptionalInt exitCode, OptionalInt signal,
        Optional<TimeoutKind> timeoutKind) {
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
     * @param programStatus   the program's raw wait status as the init reported it; empty without a report
     * @param initStatus      the init's raw wait status as the server reported it; empty when the server
     *                        went away before it could
     * @param processCpu      the program's user+system CPU time (with the children it waited for)
     * @param oomKilled       the memory controller killed a process of the sandbox
     */
    public record Facts(boolean setupFailed, boolean wallTimedOut, boolean cpuTimedOut, boolean outputExceeded,
            Duration cpuTimeLimit, boolean fileSizeLimited, OptionalInt programStatus, OptionalInt initStatus,
            Duration processCpu, boolean oomKilled) {}

    /**
     * Classifies one sandbox's end.
     *
     * @param f what was observed
     * @return the status, exit code or signal, and timeout kind to report
     */
    public static Outcome classify(Facts f) {
        WaitStatus end = programEnd(f);
        OptionalInt code = end.exited() ? OptionalInt.of(end.exitCode()) : OptionalInt.empty();
        OptionalInt signal = end.exited() ? OptionalInt.empty() : OptionalInt.of(end.signal());
        return new Outcome(status(f, end), code, signal, f.wallTimedOut() && !f.setupFailed()
                ? Optional.of(TimeoutKind.WALL_TIME) : cpuTimedOut(f, end) ? Optional.of(TimeoutKind.CPU_TIME)
                : Optional.empty());
    }

    /** Without the init's report the sandbox was killed as a whole: by SIGKILL unless the init's status says more. */
    private static WaitStatus programEnd(Facts f) {
        if (f.programStatus().isPresent()) {
            return WaitStatus.of(f.programStatus().getAsInt());
        }
        WaitStatus init = WaitStatus.of(f.initStatus().orElse(SIGKILL));
        return new WaitStatus(-1, init.exited() ? SIGKILL : init.signal());
    }

    private static SandboxStatus status(Facts f, WaitStatus end) {
        if (f.setupFailed()) {
            return SandboxStatus.SETUP_FAILED;
        }
        if (f.wallTimedOut() || cpuTimedOut(f, end)) {
            return SandboxStatus.TIMED_OUT;
        }
        if (f.outputExceeded() || (f.fileSizeLimited() && end.signal() == SIGXFSZ)) {
            return SandboxStatus.OUTPUT_LIMIT;
        }
        if (f.oomKilled()) {
            return SandboxStatus.MEMORY_LIMIT;
        }
        if (end.signal() == SIGSYS) {
            return SandboxStatus.SECCOMP_KILLED;
        }
        return end.exited() ? SandboxStatus.EXITED : SandboxStatus.SIGNALED;
    }

    /** The cgroup budget, or RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one (a second later). */
    private static boolean cpuTimedOut(Facts f, WaitStatus end) {
        if (f.setupFailed() || f.wallTimedOut()) {
            return false;
        }
        return f.cpuTimedOut() || f.cpuTimeLimit() != null && (end.signal() == SIGXCPU
                || (end.signal() == SIGKILL && f.processCpu().compareTo(f.cpuTimeLimit()) >= 0));
    }
}
