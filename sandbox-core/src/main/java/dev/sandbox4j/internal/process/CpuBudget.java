package dev.sandbox4j.internal.process;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Enforces a sandbox's total CPU-time limit on the event loop's timer queue: reads the cgroup's CPU
 * usage (v1 {@code cpuacct.usage}, v2 {@code cpu.stat usage_usec}) and re-arms for the earliest
 * moment the rest of the budget could be spent, that is the remaining CPU time divided by the
 * number of CPUs the sandbox can run on at once. The overshoot is therefore bounded by the timer's
 * lateness times the CPUs, not by the budget; no thread waits for it.
 *
 * <pre>{@code
 * CpuBudget.start(loop, cgroup, Duration.ofMillis(500), () -> kill(), done::isDone);
 * }</pre>
 */
final class CpuBudget {
    /** Reads the sandbox's CPU usage so far (a fake one in tests). */
    @FunctionalInterface
    interface Usage {
        /** The usage, empty when the cgroup does not count it; throws once the cgroup is going away. */
        Optional<Duration> read() throws CgroupException;
    }

    private static final System.Logger LOG = System.getLogger(CpuBudget.class.getName());
    private static final long MIN_DELAY = TimeUnit.MILLISECONDS.toNanos(1);
    private static volatile int onlineCpus;

    private final EventLoop loop;
    private final String name;
    private final Usage usage;
    private final int cpus;
    private final long limitNanos;
    private final Runnable exceeded;
    private final BooleanSupplier over;

    private CpuBudget(EventLoop loop, String name, Usage usage, int cpus, Duration limit, Runnable exceeded,
            BooleanSupplier over) {
        this.loop = loop;
        this.name = name;
        this.usage = usage;
        this.cpus = cpus;
        this.limitNanos = limit.toNanos();
        this.exceeded = exceeded;
        this.over = over;
    }

    /**
     * Arms the first check; {@code exceeded} runs once on the loop's thread when the budget is spent,
     * and checks stop once {@code over} says the sandbox has ended.
     */
    static void start(EventLoop loop, SandboxCgroup cgroup, Duration limit, Runnable exceeded, BooleanSupplier over) {
        start(loop, cgroup.name(), () -> cgroup.stats().cpuUsage(), onlineCpus(), limit, exceeded, over);
    }

    /** As above, with the usage read by {@code usage} on {@code cpus} CPUs. */
    static void start(EventLoop loop, String name, Usage usage, int cpus, Duration limit, Runnable exceeded,
            BooleanSupplier over) {
        CpuBudget b = new CpuBudget(loop, name, usage, cpus, limit, exceeded, over);
        loop.schedule(nextDelay(b.limitNanos, cpus), b::check);
    }

    private void check() {
        if (over.getAsBoolean()) {
            return;
        }
        Optional<Duration> used;
        try {
            used = usage.read();
        } catch (CgroupException e) {
            LOG.log(System.Logger.Level.DEBUG, "cpu usage of {0}: {1}", name, e.getMessage());
            return; // the cgroup is going away with the sandbox
        }
        if (used.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "cgroup {0} reports no CPU usage: cpuTimeLimit falls back to "
                    + "RLIMIT_CPU", name);
            return;
        }
        long remaining = limitNanos - used.get().toNanos();
        if (remaining <= 0) {
            exceeded.run();
            return;
        }
        loop.schedule(nextDelay(remaining, cpus), this::check);
    }

    /** The earliest the sandbox can spend {@code remainingNanos} of CPU on {@code cpus} CPUs, at least 1 ms. */
    static long nextDelay(long remainingNanos, int cpus) {
        return Math.max(MIN_DELAY, remainingNanos / Math.max(1, cpus));
    }

    /** CPUs online on the host: the sandbox's cgroup is not the JVM's, so the JVM's own count may be lower. */
    static int onlineCpus() {
        int n = onlineCpus;
        if (n == 0) {
            try {
                n = countCpus(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
            } catch (IOException | RuntimeException e) {
                n = Runtime.getRuntime().availableProcessors();
            }
            onlineCpus = n;
        }
        return n;
    }

    /** Counts a CPU list such as {@code 0-3,6}. */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }
}
