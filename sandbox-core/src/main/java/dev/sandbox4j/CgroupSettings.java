package dev.sandbox4j;

import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.internal.check.CgroupParentCheck;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;
import dev.sandbox4j.units.MemorySize;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link SandboxBuilder}'s cgroup: its limits, where it goes, and whether one is wanted for
 * accounting alone.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class CgroupSettings<B extends CgroupSettings<B>> extends MountSettings<B> {
    private final CgroupLimits.Builder limits = CgroupLimits.builder();
    private boolean limited; // some limit was set: the sandbox needs a cgroup
    private Path cgroupParent;
    private Boolean accounting;

    CgroupSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    CgroupSettings(CgroupSettings<?> base) {
        super(base);
        limits.copyFrom(base.limits);
        limited = base.limited;
        cgroupParent = inherit("cgroupParent", base.cgroupParent);
        accounting = inherit("accounting", base.accounting);
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Cgroup cgroup() {
        return new SpecRequest.Cgroup(CgroupLimits.builder().copyFrom(limits), limited, cgroupParent,
                Boolean.TRUE.equals(accounting));
    }

    /** The limits, for a setting that adds one (which then needs a cgroup). */
    private CgroupLimits.Builder limits() {
        limited = true;
        return limits;
    }

    /**
     * Memory limit ("80M", "1G"; at least 1 MiB); the program is OOM-killed beyond it.
     *
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public B memory(String size) {
        return memory(parseSize("memory", size));
    }

    /**
     * Memory limit (at least 1 MiB), e.g. {@code memory(MemorySize.ofMebibytes(80))}.
     *
     * @param size the limit
     * @return this builder
     */
    public B memory(MemorySize size) {
        limits().memory(size);
        return self();
    }

    /**
     * Swap allowed on top of {@link SandboxBuilder#memory}; none by default.
     *
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public B memorySwap(String size) {
        limits().memorySwap(parseSize("memorySwap", size));
        return self();
    }

    /**
     * CPU quota in CPUs (0.5 = half a CPU), over a 100 ms period.
     *
     * @param cpus CPUs of quota, more than 0, e.g. 0.5
     * @return this builder
     */
    public B cpus(double cpus) {
        limits().cpus(cpus);
        return self();
    }

    /**
     * Relative CPU weight, 1..10000 (100 is the default of other cgroups).
     *
     * @param weight 1 to 10000 (100 is the default of other cgroups)
     * @return this builder
     */
    public B cpuWeight(int weight) {
        limits().cpuWeight(weight);
        return self();
    }

    /**
     * At most this many tasks (processes and threads) at once: a fork bomb stops here.
     *
     * @param max the most tasks at once, 1 or more
     * @return this builder
     */
    public B pids(int max) {
        limits().pids(max);
        return self();
    }

    /**
     * The CPUs the program may run on ("0-1,3").
     *
     * @param cpus a CPU list such as "0-1,3"
     * @return this builder
     */
    public B cpuset(String cpus) {
        limits().cpuset(cpus);
        return self();
    }

    /**
     * Read bandwidth limit on a block device ("/dev/vda" or "MAJ:MIN"), bytes per second.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param bytesPerSecond the limit in bytes per second
     * @return this builder
     */
    public B ioReadBps(String device, long bytesPerSecond) {
        limits().ioReadBps(device, bytesPerSecond);
        return self();
    }

    /**
     * Write bandwidth limit on a block device, bytes per second.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param bytesPerSecond the limit in bytes per second
     * @return this builder
     */
    public B ioWriteBps(String device, long bytesPerSecond) {
        limits().ioWriteBps(device, bytesPerSecond);
        return self();
    }

    /**
     * Read operations per second on a block device.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param opsPerSecond the limit in operations per second
     * @return this builder
     */
    public B ioReadIops(String device, long opsPerSecond) {
        limits().ioReadIops(device, opsPerSecond);
        return self();
    }

    /**
     * Write operations per second on a block device.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param opsPerSecond the limit in operations per second
     * @return this builder
     */
    public B ioWriteIops(String device, long opsPerSecond) {
        limits().ioWriteIops(device, opsPerSecond);
        return self();
    }

    /**
     * Where the sandbox's cgroup goes (a cgroup path like /sandbox4j/judge, or a cgroupfs directory; no . or ..).
     *
     * @param parent a cgroup path such as /sandbox4j/judge, or a cgroupfs directory
     * @return this builder
     */
    public B cgroupParent(Path parent) {
        Objects.requireNonNull(parent, "parent");
        cgroupParent = once("cgroupParent", cgroupParent, CgroupParentCheck.check(parent));
        return self();
    }

    /**
     * A cgroup even without limits, for {@link SandboxResult#memoryPeakBytes()},
     * {@link SandboxProcess#stats()} and {@link SandboxProcess#pause()}.
     *
     * @return this builder
     */
    public B accounting() {
        accounting = once("accounting", accounting, true);
        return self();
    }
}
