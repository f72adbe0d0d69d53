package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.KeyValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads v2 accounting; files of controllers not enabled for the group (or too new for the kernel) give empty fields. */
final class V2Stats {

    private V2Stats() {
    }

    static CgroupStats read(CgroupFs fs, Path dir) throws CgroupException {
        KeyValues cpu = CgroupIo.readKeyValuesIfPresent(fs, dir.resolve("cpu.stat"));
        return new CgroupStats(
                CgroupIo.readLongIfPresent(fs, dir.resolve("memory.current")),
                CgroupIo.readLongIfPresent(fs, dir.resolve("memory.peak")),
                micros(cpu.get("usage_usec")),
                cpu.get("nr_throttled"),
                micros(cpu.get("throttled_usec")),
                CgroupIo.readLongIfPresent(fs, dir.resolve("pids.current")),
                CgroupIo.readLongIfPresent(fs, dir.resolve("pids.peak")),
                oomKills(fs, dir));
    }

    static OptionalLong oomKills(CgroupFs fs, Path dir) throws CgroupException {
        return CgroupIo.readKeyValuesIfPresent(fs, dir.resolve("memory.events")).get("oom_kill");
    }

    private static Optional<Duration> micros(OptionalLong us) {
        return us.isPresent() ? Optional.of(Duration.ofNanos(us.getAsLong() * 1000)) : Optional.empty();
    }
}
