package dev.sandbox4j.cgroups;

import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.internal.CpuList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The resource limits of one sandbox cgroup, validated against the host when built. Empty limits
 * ({@link #none()}) mean accounting only.
 *
 * <p>Promises: a built value has memory between 1 MiB and the host's MemTotal, pids &gt;= 1, cpus in
 * (0, host CPUs], cpuWeight in 1..10000, a syntactically valid cpuset naming existing CPUs, and I/O limits
 * on block devices that exist. When memory is set and memorySwap is not, no swap is allowed beyond
 * memory (v2 {@code memory.swap.max=0}, v1 {@code memsw = memory}).
 *
 * <pre>{@code
 * CgroupLimits limits = CgroupLimits.builder()
 *         .memory("80M").cpus(0.5).pids(64)
 *         .ioReadBps("/dev/vda", 10 << 20)
 *         .build();
 * }</pre>
 *
 * @param memory hard memory limit
 * @param memorySwap swap allowed beyond {@code memory}; only with memory
 * @param cpus CPU bandwidth in CPUs over a {@value #CPU_PERIOD_MICROS} µs period
 * @param cpuWeight relative weight 1..10000 (v2 {@code cpu.weight}; v1 mapped to {@code cpu.shares})
 * @param pids most tasks at once
 * @param cpuset CPUs the tasks may run on ({@code cpuset.cpus}); memory nodes are copied from the parent
 * @param io I/O throttles, at most one per device and kind
 */
public record CgroupLimits(
        Optional<MemorySize> memory,
        Optional<MemorySize> memorySwap,
        OptionalDouble cpus,
        OptionalInt cpuWeight,
        OptionalInt pids,
        Optional<String> cpuset,
        List<IoLimit> io) {

    /** The CPU bandwidth period, 100 ms. */
    public static final long CPU_PERIOD_MICROS = 100_000;

    /** Smallest memory limit accepted. */
    public static final MemorySize MIN_MEMORY = MemorySize.ofMebibytes(1);

    private static final CgroupLimits NONE = new CgroupLimits(Optional.empty(), Optional.empty(), OptionalDouble.empty(),
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), List.of());

    /** Copies {@code io}; structural checks only (host checks are in {@link Builder#build(HostFacts)}). */
    public CgroupLimits {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(memorySwap, "memorySwap");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(cpuWeight, "cpuWeight");
        Objects.requireNonNull(pids, "pids");
        Objects.requireNonNull(cpuset, "cpuset");
        io = List.copyOf(io);
    }

    /** No limits: accounting only. */
    public static CgroupLimits none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when nothing is limited. */
    public boolean isEmpty() {
        return memory.isEmpty() && memorySwap.isEmpty() && cpus.isEmpty() && cpuWeight.isEmpty() && pids.isEmpty()
                && cpuset.isEmpty() && io.isEmpty();
    }

    /** The controllers without which these limits cannot be enforced. */
    public Set<Controller> requiredControllers() {
        Set<Controller> s = EnumSet.noneOf(Controller.class);
        if (memory.isPresent() || memorySwap.isPresent()) {
            s.add(Controller.MEMORY);
        }
        if (cpus.isPresent() || cpuWeight.isPresent()) {
            s.add(Controller.CPU);
        }
        if (pids.isPresent()) {
            s.add(Controller.PIDS);
        }
        if (cpuset.isPresent()) {
            s.add(Controller.CPUSET);
        }
        if (!io.isEmpty()) {
            s.add(Controller.IO);
        }
        return Collections.unmodifiableSet(s);
    }

    /** {@code cpus} as a quota in µs per {@link #CPU_PERIOD_MICROS}, at least 1000 µs (the kernel's minimum). */
    public OptionalLong cpuQuotaMicros() {
        if (cpus.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1000, Math.round(cpus.getAsDouble() * CPU_PERIOD_MICROS)));
    }

    /**
     * Collects limits; each may be set once ("memory was already set to 80M" otherwise). {@link #build()}
     * validates against {@link HostFacts#system()}.
     */
    public static final class Builder {
        private MemorySize memory;
        private MemorySize memorySwap;
        private Double cpus;
        private Integer cpuWeight;
        private Integer pids;
        private String cpuset;
        private final List<PendingIo> io = new ArrayList<>();

        private record PendingIo(String device, IoLimit.Kind kind, long value) {
        }

        /** Limits copied by {@link #copyFrom}: each may be set once more, overriding the copy. */
        private final java.util.Set<String> inherited = new java.util.HashSet<>();

        private Builder() {
        }

        /**
         * Takes over every limit of {@code other}; each may then be set once more, replacing the copied
         * value (for a sandbox builder copied from an existing definition).
         *
         * @param other the builder to copy
         * @return this builder
         */
        public Builder copyFrom(Builder other) {
            memory = other.memory;
            memorySwap = other.memorySwap;
            cpus = other.cpus;
            cpuWeight = other.cpuWeight;
            pids = other.pids;
            cpuset = other.cpuset;
            io.clear();
            io.addAll(other.io);
            inherited.clear();
            inherit("memory", memory);
            inherit("memorySwap", memorySwap);
            inherit("cpus", cpus);
            inherit("cpuWeight", cpuWeight);
            inherit("pids", pids);
            inherit("cpuset", cpuset);
            return this;
        }

        private void inherit(String what, Object value) {
            if (value != null) {
                inherited.add(what);
            }
        }

        private void once(String what, Object current) {
            if (current != null && !inherited.remove(what)) {
                throw new IllegalStateException(what + " was already set to " + current);
            }
        }

        /** Hard memory limit. */
        public Builder memory(MemorySize size) {
            once("memory", memory);
            memory = Objects.requireNonNull(size, "memory");
            return this;
        }

        /** Hard memory limit, parsed by {@link MemorySize#parse(String)}. */
        public Builder memory(String size) {
            return memory(MemorySize.parse(size));
        }

        /** Swap allowed beyond memory (0 = none, the default when memory is set). */
        public Builder memorySwap(MemorySize size) {
            once("memorySwap", memorySwap);
            memorySwap = Objects.requireNonNull(size, "memorySwap");
            return this;
        }

        /** Swap allowed beyond memory, parsed by {@link MemorySize#parse(String)}. */
        public Builder memorySwap(String size) {
            return memorySwap(MemorySize.parse(size));
        }

        /** CPU bandwidth in CPUs, e.g. 0.5 = 50 ms every 100 ms. */
        public Builder cpus(double cpus) {
            once("cpus", this.cpus);
            this.cpus = cpus;
            return this;
        }

        /** Relative CPU weight 1..10000 (100 is the kernel default). */
        public Builder cpuWeight(int weight) {
            once("cpuWeight", cpuWeight);
            cpuWeight = weight;
            return this;
        }

        /** Most tasks (processes and threads) at once. */
        public Builder pids(int max) {
            once("pids", pids);
            pids = max;
            return this;
        }

        /** CPUs the tasks may run on, e.g. {@code "0-1,3"}. */
        public Builder cpuset(String cpus) {
            once("cpuset", cpuset);
            cpuset = Objects.requireNonNull(cpus, "cpuset");
            return this;
        }

        /** Read bytes per second on {@code device} ({@code /dev/vda} or {@code MAJ:MIN}). */
        public Builder ioReadBps(String device, long bytesPerSecond) {
            return io(device, IoLimit.Kind.READ_BPS, bytesPerSecond);
        }

        /** Written bytes per second on {@code device}. */
        public Builder ioWriteBps(String device, long bytesPerSecond) {
            return io(device, IoLimit.Kind.WRITE_BPS, bytesPerSecond);
        }

        /** Read operations per second on {@code device}. */
        public Builder ioReadIops(String device, long opsPerSecond) {
            return io(device, IoLimit.Kind.READ_IOPS, opsPerSecond);
        }

        /** Write operations per second on {@code device}. */
        public Builder ioWriteIops(String device, long opsPerSecond) {
            return io(device, IoLimit.Kind.WRITE_IOPS, opsPerSecond);
        }

        private Builder io(String device, IoLimit.Kind kind, long value) {
            Objects.requireNonNull(device, "device");
            for (PendingIo p : io) {
                if (p.device.equals(device) && p.kind == kind) {
                    throw new IllegalStateException("io " + kind.v2Key() + " on " + device + " was already set to " + p.value);
                }
            }
            io.add(new PendingIo(device, kind, value));
            return this;
        }

        /** Validates against the running host. */
        public CgroupLimits build() {
            return build(HostFacts.system());
        }

        /**
         * Validates against {@code host}.
         *
         * @throws IllegalArgumentException naming the bad value and what would be accepted
         */
        public CgroupLimits build(HostFacts host) {
            if (memory != null) {
                if (memory.compareTo(MIN_MEMORY) < 0) {
                    throw new IllegalArgumentException("memory " + memory + " is below the minimum: expected 1M up to "
                            + host.memTotal() + " (the host's MemTotal)");
                }
                if (memory.compareTo(host.memTotal()) > 0) {
                    throw new IllegalArgumentException("memory " + memory + " is more than the host has: expected 1M up to "
                            + host.memTotal() + " (the host's MemTotal)");
                }
            }
            if (memorySwap != null && memory == null) {
                throw new IllegalArgumentException("memorySwap " + memorySwap
                        + " needs memory: swap is allowed beyond the memory limit, so set memory too");
            }
            if (memory != null && memorySwap != null) {
                memory.plus(memorySwap); // fails on overflow with a message naming both
            }
            if (cpus != null && !(cpus > 0 && cpus <= host.cpuCount())) {
                throw new IllegalArgumentException("cpus " + cpus + " is out of range: expected more than 0 and at most "
                        + host.cpuCount() + " (the host's CPUs), e.g. 0.5");
            }
            if (cpuWeight != null && (cpuWeight < 1 || cpuWeight > 10_000)) {
                throw new IllegalArgumentException("cpuWeight " + cpuWeight + " is out of range: expected 1 to 10000 (100 is the default)");
            }
            if (pids != null && pids <= 0) {
                throw new IllegalArgumentException("pids " + pids + " is out of range: expected 1 or more");
            }
            if (cpuset != null) {
                CpuList list = CpuList.parse(cpuset);
                if (list.maxCpu() >= host.cpuCount()) {
                    throw new IllegalArgumentException("cpuset '" + cpuset + "' names CPU " + list.maxCpu()
                            + ": expected CPUs 0 to " + (host.cpuCount() - 1));
                }
            }
            List<IoLimit> limits = new ArrayList<>();
            for (PendingIo p : io) {
                BlockDevice d = host.blockDevice(p.device).orElseThrow(() -> new IllegalArgumentException(
                        "io device '" + p.device + "' is not a block device on this host: expected a block device path "
                                + "like /dev/vda or MAJ:MIN of an existing one (see /sys/dev/block)"));
                for (IoLimit l : limits) {
                    if (l.device().equals(d) && l.kind() == p.kind) {
                        throw new IllegalArgumentException("io " + p.kind.v2Key() + " on " + p.device + " (" + d
                                + ") was already set to " + l.value());
                    }
                }
                limits.add(new IoLimit(d, p.kind, p.value));
            }
            return new CgroupLimits(Optional.ofNullable(memory), Optional.ofNullable(memorySwap),
                    cpus == null ? OptionalDouble.empty() : OptionalDouble.of(cpus),
                    cpuWeight == null ? OptionalInt.empty() : OptionalInt.of(cpuWeight),
                    pids == null ? OptionalInt.empty() : OptionalInt.of(pids),
                    Optional.ofNullable(cpuset), limits);
        }
    }
}
