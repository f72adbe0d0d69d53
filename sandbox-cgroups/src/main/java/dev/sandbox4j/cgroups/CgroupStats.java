package dev.sandbox4j.cgroups;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one sandbox cgroup's accounting. A field is empty when this layout or kernel does not
 * report it (e.g. throttling without the cpu controller in the cgroup, {@code memory.peak} before Linux
 * 5.19, {@code pids.peak} before 6.1), never a made-up zero.
 *
 * <pre>{@code
 * CgroupStats s = cgroup.stats();
 * s.memoryPeakBytes().ifPresent(b -> System.out.println("peak " + MemorySize.ofBytes(b)));
 * }</pre>
 *
 * @param memoryCurrentBytes memory charged now ({@code memory.current} / {@code memory.usage_in_bytes})
 * @param memoryPeakBytes highest memory charged ({@code memory.peak} / {@code memory.max_usage_in_bytes})
 * @param cpuUsage total CPU time used by all tasks ({@code cpu.stat usage_usec} / {@code cpuacct.usage})
 * @param cpuThrottledPeriods periods in which the quota throttled the group ({@code nr_throttled})
 * @param cpuThrottledTime time spent throttled ({@code throttled_usec} / {@code throttled_time})
 * @param pidsCurrent tasks now ({@code pids.current})
 * @param pidsPeak highest number of tasks ({@code pids.peak})
 * @param oomKills processes killed by the memory controller's OOM killer ({@code oom_kill})
 */
public record CgroupStats(
        OptionalLong memoryCurrentBytes,
        OptionalLong memoryPeakBytes,
        Optional<Duration> cpuUsage,
        OptionalLong cpuThrottledPeriods,
        Optional<Duration> cpuThrottledTime,
        OptionalLong pidsCurrent,
        OptionalLong pidsPeak,
        OptionalLong oomKills) {
}
