package dev.sandbox4j.cgroups;

import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.internal.SystemHostFacts;
import java.util.Optional;

/**
 * What {@link CgroupLimits.Builder#build()} checks limits against: total memory, CPU count and which
 * block devices exist. {@link #system()} reads the running host; tests pass their own.
 *
 * <pre>{@code
 * HostFacts fake = new HostFacts() {
 *     public MemorySize memTotal() { return MemorySize.parse("1G"); }
 *     public int cpuCount() { return 2; }
 *     public Optional<BlockDevice> blockDevice(String spec) { return Optional.empty(); }
 * };
 * CgroupLimits.builder().memory("80M").build(fake);
 * }</pre>
 */
public interface HostFacts {

    /** {@code MemTotal} of the host. */
    MemorySize memTotal();

    /** Number of CPUs online on the host (CPU numbers in a cpuset must be below it). */
    int cpuCount();

    /**
     * The block device named by {@code spec}: a path to a block device node ({@code /dev/vda}) or
     * {@code MAJ:MIN}; empty when no such block device exists.
     */
    Optional<BlockDevice> blockDevice(String spec);

    /** The running host, read lazily and cached ({@code /proc/meminfo}, {@code /sys/devices/system/cpu/online}). */
    static HostFacts system() {
        return SystemHostFacts.INSTANCE;
    }
}
