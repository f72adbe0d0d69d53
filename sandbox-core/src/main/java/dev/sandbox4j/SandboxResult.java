package dev.sandbox4j;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a judge or plugin host needs to know about a finished sandbox.
 * The exit code and the terminating signal are kept apart, never folded
 * into {@code 128 + n}.
 *
 * <pre>{@code
 * SandboxResult r = process.result().join();
 * if (r.status() == SandboxStatus.EXITED && r.exitCode().getAsInt() == 0) { ... }
 * System.out.println(r.userCpu().plus(r.systemCpu()) + " CPU, " + r.maxRssKb() + " KiB");
 * }</pre>
 *
 * @param status    how it ended
 * @param exitCode  present when the program exited by itself
 * @param signal    present when a signal ended it (also for TIMED_OUT and the kill statuses)
 * @param wallTime  from start to exit
 * @param userCpu   user CPU time of the program and the children it waited for
 * @param systemCpu system CPU time, likewise
 * @param maxRssKb  peak resident set size of the program, in KiB ({@code wait4}'s {@code ru_maxrss})
 * @param memoryPeakBytes peak memory of the whole sandbox, from its cgroup when it had one
 * @param cpuUsage  CPU time of the whole sandbox, from its cgroup when it had one
 * @param pidsPeak  most tasks at once, from its cgroup where the kernel reports it
 * @param oomKilled whether the memory controller killed a process of the sandbox
 * @param timeoutKind for {@link SandboxStatus#TIMED_OUT}: which limit ran out
 * @param changes   for an overlay root: what the program added, modified and deleted
 * @param trappedSyscall the syscall a seccomp {@code TRAP} rule caught (the program then got SIGSYS)
 * @param hostIds   the host ids its user namespace mapped; empty when it shared the host's
 */
public record SandboxResult(
        SandboxStatus status,
        OptionalInt exitCode,
        OptionalInt signal,
        Duration wallTime,
        Duration userCpu,
        Duration systemCpu,
        long maxRssKb,
        OptionalLong memoryPeakBytes,
        Optional<Duration> cpuUsage,
        OptionalLong pidsPeak,
        boolean oomKilled,
        Optional<TimeoutKind> timeoutKind,
        List<FileChange> changes,
        Optional<String> trappedSyscall,
        Optional<HostIds> hostIds) {

    /** Copies {@code changes}. */
    public SandboxResult {
        changes = List.copyOf(changes);
    }

    /**
     * True when the program exited by itself with code 0.
     *
     * @return whether it succeeded
     */
    public boolean succeeded() {
        return status == SandboxStatus.EXITED && exitCode.orElse(-1) == 0;
    }

    /**
     * The exit code as {@link Process#exitValue()} reports it: {@code 128 + signal} for a signal.
     *
     * @return the exit value
     */
    public int processExitValue() {
        return exitCode.isPresent() ? exitCode.getAsInt() : 128 + signal.orElse(0);
    }
}
