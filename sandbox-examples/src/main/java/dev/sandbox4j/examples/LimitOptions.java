package dev.sandbox4j.examples;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.units.MemorySize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The resource limit options of {@code sandbox-run}; any of them puts the
 * sandbox in a cgroup of its own.
 *
 * <pre>{@code
 * sandbox-run --memory 80M --cpus 0.5 --pids 64 --io-write-bps /dev/vda:10M -- ./build.sh
 * }</pre>
 */
public final class LimitOptions {
    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit (80M, 1G); OOM-killed beyond it.")
    String memory;
    @Option(names = "--memory-swap", paramLabel = "SIZE", description = "Swap allowed on top of --memory.")
    String memorySwap;
    @Option(names = "--cpus", paramLabel = "N", description = "CPU quota in CPUs (0.5 is half a CPU).")
    Double cpus;
    @Option(names = "--cpu-weight", paramLabel = "N", description = "Relative CPU weight, 1..10000.")
    Integer cpuWeight;
    @Option(names = "--pids", paramLabel = "N", description = "At most N processes and threads at once.")
    Integer pids;
    @Option(names = "--cpuset", paramLabel = "CPUS", description = "CPUs to run on, like 0-1,3.")
    String cpuset;
    @Option(names = "--io-read-bps", paramLabel = "DEV:RATE", description = "Read bytes/s on a device (/dev/vda:10M).")
    List<String> ioReadBps = new ArrayList<>();
    @Option(names = "--io-write-bps", paramLabel = "DEV:RATE", description = "Write bytes/s on a device.")
    List<String> ioWriteBps = new ArrayList<>();
    @Option(names = "--io-read-iops", paramLabel = "DEV:RATE", description = "Read operations/s on a device.")
    List<String> ioReadIops = new ArrayList<>();
    @Option(names = "--io-write-iops", paramLabel = "DEV:RATE", description = "Write operations/s on a device.")
    List<String> ioWriteIops = new ArrayList<>();
    @Option(names = "--cgroup-parent", paramLabel = "PATH", description = "Cgroup to create the sandbox's under.")
    Path cgroupParent;
    @Option(names = "--accounting",
            description = "A cgroup even without limits, for memoryPeakBytes and cpuUsageMillis in --result-json.")
    boolean accounting;

    /** Sets the limits that were given on {@code builder}. */
    public void applyTo(SandboxBuilder builder) {
        if (memory != null) {
            builder.memory(memory);
        }
        if (memorySwap != null) {
            builder.memorySwap(memorySwap);
        }
        if (cpus != null) {
            builder.cpus(cpus);
        }
        if (cpuWeight != null) {
            builder.cpuWeight(cpuWeight);
        }
        if (pids != null) {
            builder.pids(pids);
        }
        if (cpuset != null) {
            builder.cpuset(cpuset);
        }
        ioReadBps.forEach(s -> builder.ioReadBps(device("--io-read-bps", s), bytes("--io-read-bps", s)));
        ioWriteBps.forEach(s -> builder.ioWriteBps(device("--io-write-bps", s), bytes("--io-write-bps", s)));
        ioReadIops.forEach(s -> builder.ioReadIops(device("--io-read-iops", s), count("--io-read-iops", s)));
        ioWriteIops.forEach(s -> builder.ioWriteIops(device("--io-write-iops", s), count("--io-write-iops", s)));
        if (cgroupParent != null) {
            builder.cgroupParent(cgroupParent);
        }
        if (accounting) {
            builder.accounting();
        }
    }

    /** DEV of DEV:RATE; DEV may itself be MAJ:MIN, so RATE is after the last colon. */
    private static String device(String option, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " '" + spec + "' is not DEV:RATE (e.g. /dev/vda:10M or 8:0:100)");
        }
        return spec.substring(0, colon);
    }

    private static String rate(String spec) {
        return spec.substring(spec.lastIndexOf(':') + 1);
    }

    private static long bytes(String option, String spec) {
        try {
            return MemorySize.parse(rate(spec)).bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static long count(String option, String spec) {
        try {
            return Long.parseLong(rate(spec));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + spec + "': the rate '" + rate(spec)
                    + "' is not a whole number of operations per second", e);
        }
    }
}
