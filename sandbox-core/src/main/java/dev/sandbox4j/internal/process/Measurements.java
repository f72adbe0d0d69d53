package dev.sandbox4j.internal.process;

import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.fs.Change;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the cleanups measured of a finished sandbox before removing it (its cgroup's counters, its
 * overlay's changes), built once by a {@link Builder} that the cleanups fill through its methods.
 *
 * <pre>{@code
 * Measurements.Builder m = new Measurements.Builder();
 * Cleanups.runAll(cleanups, m);
 * Measurements done = m.build();
 * }</pre>
 *
 * @param memoryPeakBytes the cgroup's memory peak
 * @param cpuUsage        the cgroup's CPU usage
 * @param pidsPeak        the cgroup's peak number of tasks
 * @param oomKilled       the memory controller killed a process of the sandbox
 * @param changes         what the program changed in an overlay root
 */
public record Measurements(OptionalLong memoryPeakBytes, Optional<Duration> cpuUsage, OptionalLong pidsPeak,
        boolean oomKilled, List<Change> changes) {
    /** Collects what each cleanup measured; each kind is set at most once. */
    public static final class Builder {
        private CgroupStats stats;
        private boolean oomKilled;
        private List<Change> changes = List.of();

        /**
         * Records the cgroup's final counters.
         *
         * @param s         the cgroup's statistics, read before it was removed
         * @param oomKilled whether the memory controller killed a process of the sandbox
         * @return this builder
         */
        public synchronized Builder cgroup(CgroupStats s, boolean oomKilled) {
            this.stats = s;
            this.oomKilled = oomKilled;
            return this;
        }

        /**
         * Records the changes the program made in its overlay root.
         *
         * @param changes the changes, in the order the diff found them
         * @return this builder
         */
        public synchronized Builder changes(List<Change> changes) {
            this.changes = List.copyOf(changes);
            return this;
        }

        /**
         * The measurements, once every cleanup ran.
         *
         * @return what was recorded
         */
        public synchronized Measurements build() {
            return stats == null ? new Measurements(OptionalLong.empty(), Optional.empty(), OptionalLong.empty(),
                    oomKilled, changes) : new Measurements(stats.memoryPeakBytes(), stats.cpuUsage(),
                    stats.pidsPeak(), oomKilled, changes);
        }
    }
}
