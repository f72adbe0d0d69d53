package dev.sandbox4j.junit;

import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.units.MemorySize;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on how a sandbox ended; from {@link SandboxAssertions#assertThat(SandboxResult)} or, with the command
 * and output in every failure message and {@link #stdout()}/{@link #stderr()}, from
 * {@link SandboxAssertions#assertThat(dev.sandbox4j.SandboxProcess)}.
 *
 * <pre>{@code
 * assertThat(process).exitedWith(0).usedCpuAtMost(Duration.ofSeconds(1)).peakMemoryAtMost("64M")
 *         .stdout().startsWith("ok");
 * }</pre>
 */
public final class SandboxResultAssert extends AbstractAssert<SandboxResultAssert, SandboxResult> {
    private final Finished finished;

    SandboxResultAssert(Finished finished) {
        super(finished.result(), SandboxResultAssert.class);
        this.finished = finished;
    }

    /**
     * The program exited by itself with {@code code}: not killed, not timed out.
     *
     * @param code the exit code expected, {@code 0} for success
     * @return this, to chain more assertions
     */
    public SandboxResultAssert exitedWith(int code) {
        isNotNull();
        if (actual.status() != SandboxStatus.EXITED || actual.exitCode().orElse(-1) != code) {
            fail("to have exited with code " + code);
        }
        return this;
    }

    /**
     * A signal ended it: {@code wasKilledBy(9)}. A timeout or the memory controller kills with SIGKILL too: use
     * {@link #timedOut()} or {@link #ranOutOfMemory()} to tell them apart.
     *
     * @param signal the signal's number
     * @return this, to chain more assertions
     */
    public SandboxResultAssert wasKilledBy(int signal) {
        isNotNull();
        if (actual.signal().orElse(-1) != signal) {
            fail("to have been killed by signal " + signal + " (" + Signals.name(signal) + ")");
        }
        return this;
    }

    /**
     * A signal ended it, named: {@code wasKilledBy("SIGSYS")} when the seccomp filter killed it.
     *
     * @param signal the signal's name, with or without {@code SIG}: {@code "SIGKILL"} or {@code "KILL"}
     * @return this, to chain more assertions
     * @throws IllegalArgumentException when {@code signal} names no signal
     */
    public SandboxResultAssert wasKilledBy(String signal) {
        return wasKilledBy(Signals.number(signal));
    }

    /**
     * Its timeout (wall clock or CPU time) ran out and the sandbox was killed ({@code TIMED_OUT}).
     *
     * @return this, to chain more assertions
     */
    public SandboxResultAssert timedOut() {
        isNotNull();
        if (actual.status() != SandboxStatus.TIMED_OUT) {
            fail("to have timed out");
        }
        return this;
    }

    /**
     * The memory controller killed it, or a process of it, for its memory limit ({@code OOM_KILLED}, or a child
     * killed while the program went on).
     *
     * @return this, to chain more assertions
     */
    public SandboxResultAssert ranOutOfMemory() {
        isNotNull();
        if (actual.status() != SandboxStatus.OOM_KILLED && !actual.oomKilled()) {
            fail("to have run out of memory (OOM_KILLED)");
        }
        return this;
    }

    /**
     * It used at most {@code limit} of CPU time: the sandbox cgroup's when it had one (every process in it), else
     * the program's user + system time and that of the children it waited for.
     *
     * @param limit the most CPU time allowed
     * @return this, to chain more assertions
     */
    public SandboxResultAssert usedCpuAtMost(Duration limit) {
        isNotNull();
        if (finished.cpu().compareTo(limit) > 0) {
            fail("to have used at most " + limit.toMillis() + " ms of CPU",
                    "it used " + finished.cpu().toMillis() + " ms");
        }
        return this;
    }

    /**
     * Its memory peaked at most at {@code size}: the cgroup's peak when it had one, else the program's peak
     * resident set.
     *
     * @param size a size as {@code MemorySize.parse} takes it: {@code "64M"}, {@code "64MiB"}, {@code "1.5G"}
     * @return this, to chain more assertions
     * @throws IllegalArgumentException when {@code size} is not a size
     */
    public SandboxResultAssert peakMemoryAtMost(String size) {
        return peakMemoryAtMost(MemorySize.parse(size));
    }

    /**
     * As {@link #peakMemoryAtMost(String)}, with a typed size: {@code peakMemoryAtMost(MemorySize.ofMebibytes(64))}.
     *
     * @param size the most memory allowed at the peak
     * @return this, to chain more assertions
     */
    public SandboxResultAssert peakMemoryAtMost(MemorySize size) {
        isNotNull();
        if (finished.peakMemoryBytes() > size.bytes()) {
            fail("to have used at most " + size.bytes() + " bytes of memory at its peak",
                    "it used " + finished.peakMemoryBytes());
        }
        return this;
    }

    /**
     * What it wrote to stdout, for AssertJ's string assertions: {@code .stdout().contains("ok")}. Known only to
     * an assertion on a {@code SandboxProcess} whose stdout is a pipe.
     *
     * @return string assertions on stdout, described as the command's
     * @throws IllegalStateException on an assertion made from a {@code SandboxResult}
     */
    public AbstractStringAssert<?> stdout() {
        return output("stdout", finished.stdout());
    }

    /**
     * What it wrote to stderr, as {@link #stdout()}: {@code .stderr().isEmpty()}.
     *
     * @return string assertions on stderr, described as the command's
     * @throws IllegalStateException on an assertion made from a {@code SandboxResult}
     */
    public AbstractStringAssert<?> stderr() {
        return output("stderr", finished.stderr());
    }

    private AbstractStringAssert<?> output(String name, Optional<String> text) {
        if (text.isEmpty()) {
            throw new IllegalStateException(name + " is known only to an assertion on the SandboxProcess: "
                    + "use SandboxAssertions.assertThat(process)");
        }
        return Assertions.assertThat(text.get()).as("%s of %s", name, finished.command().orElse("the sandbox"));
    }

    private void fail(String expectation) {
        fail(expectation, "it ended " + finished.ending());
    }

    private void fail(String expectation, String butActually) {
        String description = descriptionText();
        // built here, not through failWithMessage: the program's output must not be %-formatted
        throw new AssertionError((description.isEmpty() ? "" : "[" + description + "] ") + "Expecting the sandbox "
                + expectation + ", but " + butActually + finished.describe());
    }
}
