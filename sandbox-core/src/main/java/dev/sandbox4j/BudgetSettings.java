package dev.sandbox4j;

import dev.sandbox4j.internal.check.OutputLimitCheck;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;
import dev.sandbox4j.units.MemorySize;
import java.time.Duration;

/**
 * {@link SandboxBuilder}'s budgets the library enforces while the sandbox runs: total CPU time
 * and the bytes its piped output may deliver.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class BudgetSettings<B extends BudgetSettings<B>> extends CgroupSettings<B> {
    private Duration cpuTimeLimit;
    private boolean cpuTimeFallback;
    private MemorySize stdoutLimit, stderrLimit, outputLimit;

    BudgetSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    BudgetSettings(BudgetSettings<?> base) {
        super(base);
        cpuTimeLimit = inherit("cpuTimeLimit", base.cpuTimeLimit);
        cpuTimeFallback = base.cpuTimeFallback;
        stdoutLimit = inherit("stdoutLimit", base.stdoutLimit);
        stderrLimit = inherit("stderrLimit", base.stderrLimit);
        outputLimit = inherit("outputLimit", base.outputLimit);
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Budgets budgets() {
        return new SpecRequest.Budgets(cpuTimeLimit, cpuTimeFallback, stdoutLimit, stderrLimit, outputLimit);
    }

    /**
     * Total CPU time of the whole sandbox (every process, user+system), to the millisecond: measured on
     * the sandbox's cgroup (so it implies one, as {@link SandboxBuilder#accounting()}), the sandbox is killed when it
     * runs out and reported {@link SandboxStatus#TIMED_OUT} with {@link TimeoutKind#CPU_TIME}. Each
     * process also gets RLIMIT_CPU (whole seconds, rounded up) as a safety net. Without a cgroup
     * (rootless without delegation) {@code start()} fails, unless {@link SandboxBuilder#allowPerProcessCpuTimeLimit()}.
     *
     * <pre>{@code
     * Sandbox.builder().cpuTimeLimit(Duration.ofMillis(1500)).command("./solution").start();
     * }</pre>
     *
     * @param limit CPU time of the whole sandbox, positive
     * @return this builder
     */
    public B cpuTimeLimit(Duration limit) {
        cpuTimeLimit = once("cpuTimeLimit", cpuTimeLimit, positive(limit, "cpuTimeLimit"));
        return self();
    }

    /**
     * Where no cgroup can be created for a {@link SandboxBuilder#cpuTimeLimit} alone, enforce it per process with
     * RLIMIT_CPU (whole seconds, rounded up; each forked process gets its own) instead of failing.
     *
     * @return this builder
     */
    public B allowPerProcessCpuTimeLimit() {
        cpuTimeFallback = true;
        return self();
    }

    /**
     * At most {@code limit} bytes of stdout and stderr together: the library counts as it reads the
     * pipes, delivers no more than the limit, kills the sandbox at the first byte past it and reports
     * {@link SandboxStatus#OUTPUT_LIMIT}; the JVM never holds more. A stream nobody reads holds at
     * most a pipe's capacity (the program blocks). For files use {@code rlimit(ResourceLimit.FSIZE, ...)},
     * whose SIGXFSZ is reported {@code OUTPUT_LIMIT} too.
     *
     * <pre>{@code
     * Sandbox.builder().outputLimit("64M").command("./solution").start();
     * }</pre>
     *
     * @param limit a size such as "64M": 1 byte to 4T
     * @return this builder
     */
    public B outputLimit(String limit) {
        return outputLimit(parseSize("outputLimit", limit));
    }

    /**
     * {@link SandboxBuilder#outputLimit(String)}.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public B outputLimit(MemorySize limit) {
        outputLimit = once("outputLimit", outputLimit, OutputLimitCheck.valid("outputLimit", limit));
        return self();
    }

    /**
     * Like {@link SandboxBuilder#outputLimit(String)}, for the stdout pipe alone.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public B stdoutLimit(MemorySize limit) {
        stdoutLimit = once("stdoutLimit", stdoutLimit, OutputLimitCheck.valid("stdoutLimit", limit));
        return self();
    }

    /**
     * Like {@link SandboxBuilder#outputLimit(String)}, for the stderr pipe alone.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public B stderrLimit(MemorySize limit) {
        stderrLimit = once("stderrLimit", stderrLimit, OutputLimitCheck.valid("stderrLimit", limit));
        return self();
    }
}
