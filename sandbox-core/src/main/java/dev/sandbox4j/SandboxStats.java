package dev.sandbox4j;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A live snapshot of a running sandbox's cgroup accounting, from
 * {@link SandboxProcess#stats()}. A field is empty when this cgroup layout or
 * kernel does not report it ({@code memory.peak} before Linux 5.19,
 * {@code pids.peak} before 6.1, throttling without the cpu controller), never
 * a made-up zero.
 *
 * <pre>{@code
 * p.stats().flatMap(SandboxStats::cpuUsage).ifPresent(cpu -> System.out.println("CPU so far " + cpu));
 * }</pre>
 *
 * @param memoryCurrentBytes  memory charged now
 * @param memoryPeakBytes     highest memory charged so far
 * @param cpuUsage            CPU time used by all its tasks so far
 * @param cpuThrottledPeriods periods in which the CPU quota throttled it
 * @param cpuThrottledTime    time spent throttled
 * @param pidsCurrent         tasks (processes and threads) now
 * @param pidsPeak            most tasks at once so far
 * @param oomKills            processes the memory controller's OOM killer ended
 */
public record SandboxStats(
        OptionalLong memoryCurrentBytes,
        OptionalLong memoryPeakBytes,
        Optional<Duration> cpuUsage,
        OptionalLong cpuThrottledPeriods,
        Optional<Duration> cpuThrottledTime,
        OptionalLong pidsCurrent,
        OptionalLong pidsPeak,
        OptionalLong oomKills) {
}
