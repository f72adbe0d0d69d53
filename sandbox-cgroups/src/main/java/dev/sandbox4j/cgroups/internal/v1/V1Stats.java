package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.KeyValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads v1 accounting from each controller's own directory; absent controllers give empty fields. */
final class V1Stats {

    private V1Stats() {
    }

    static CgroupStats read(CgroupFs fs, Map<Controller, Path> dirs) throws CgroupException {
        Path mem = dirs.get(Controller.MEMORY);
        Path acct = dirs.get(Controller.CPUACCT);
        Path cpu = dirs.get(Controller.CPU);
        Path pids = dirs.get(Controller.PIDS);
        KeyValues cpuStat = cpu == null ? KeyValues.parse("") : CgroupIo.readKeyValuesIfPresent(fs, cpu.resolve("cpu.stat"));
        OptionalLong usageNanos = acct == null ? OptionalLong.empty()
                : CgroupIo.readLongIfPresent(fs, acct.resolve("cpuacct.usage"));
        OptionalLong throttledNanos = cpuStat.get("throttled_time");
        return new CgroupStats(
                mem == null ? OptionalLong.empty() : CgroupIo.readLongIfPresent(fs, mem.resolve("memory.usage_in_bytes")),
                mem == null ? OptionalLong.empty() : CgroupIo.readLongIfPresent(fs, mem.resolve("memory.max_usage_in_bytes")),
                nanos(usageNanos),
                cpuStat.get("nr_throttled"),
                nanos(throttledNanos),
                pids == null ? OptionalLong.empty() : CgroupIo.readLongIfPresent(fs, pids.resolve("pids.current")),
                pids == null ? OptionalLong.empty() : CgroupIo.readLongIfPresent(fs, pids.resolve("pids.peak")),
                mem == null ? OptionalLong.empty() : oomKills(fs, mem));
    }

    /** The {@code oom_kill} line of {@code memory.oom_control} (Linux 4.13+); empty on older kernels. */
    static OptionalLong oomKills(CgroupFs fs, Path memDir) throws CgroupException {
        return CgroupIo.readKeyValuesIfPresent(fs, memDir.resolve("memory.oom_control")).get("oom_kill");
    }

    private static Optional<Duration> nanos(OptionalLong n) {
        return n.isPresent() ? Optional.of(Duration.ofNanos(n.getAsLong())) : Optional.empty();
    }
}
