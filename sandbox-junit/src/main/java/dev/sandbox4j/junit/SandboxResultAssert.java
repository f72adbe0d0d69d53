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

    /** It exited by itself with {@code code}. */
    public SandboxResultAssert exitedWith(int code) {
        isNotNull();
        if (actual.status() != SandboxStatus.EXITED || actual.exitCode().orElse(-1) != code) {
            fail("to have exited with code " + code);
        }
        return this;
    }

    /** A signal ended it: {@code 9}. A timeout or the memory controller kills with SIGKILL too. */
    public SandboxResultAssert wasKilledBy(int signal) {
        isNotNull();
        if (actual.signal().orElse(-1) != signal) {
            fail("to have been killed by signal " + signal + " (" + Signals.name(signal) + ")");
        }
        return this;
    }

    /** A signal ended it: {@code "SIGKILL"} or {@code "KILL"}. */
    public SandboxResultAssert wasKilledBy(String signal) {
        return wasKilledBy(Signals.number(signal));
    }

    /** Its timeout (wall clock or CPU time) ran out. */
    public SandboxResultAssert timedOut() {
        isNotNull();
        if (actual.status() != SandboxStatus.TIMED_OUT) {
            fail("to have timed out");
        }
        return this;
    }

    /** The memory controller killed it, or a process of it, for its memory limit. */
    public SandboxResultAssert ranOutOfMemory() {
        isNotNull();
        if (actual.status() != SandboxStatus.OOM_KILLED && !actual.oomKilled()) {
            fail("to have run out of memory (OOM_KILLED)");
        }
        return this;
    }

    /** CPU time at most {@code limit}: the sandbox cgroup's when it had one, else the program's user + system time. */
    public SandboxResultAssert usedCpuAtMost(Duration limit) {
        isNotNull();
        if (finished.cpu().compareTo(limit) > 0) {
            fail("to have used at most " + limit.toMillis() + " ms of CPU",
                    "it used " + finished.cpu().toMillis() + " ms");
        }
        return this;
    }

    /** Peak memory at most {@code size} ({@code "64M"}): the cgroup's peak when it had one, else the peak RSS. */
    public SandboxResultAssert peakMemoryAtMost(String size) {
        return peakMemoryAtMost(MemorySize.parse(size));
    }

    /** As {@link #peakMemoryAtMost(String)}: {@code peakMemoryAtMost(MemorySize.ofMebibytes(64))}. */
    public SandboxResultAssert peakMemoryAtMost(MemorySize size) {
        isNotNull();
        if (finished.peakMemoryBytes() > size.bytes()) {
            fail("to have used at most " + size.bytes() + " bytes of memory at its peak",
                    "it used " + finished.peakMemoryBytes());
        }
        return this;
    }

    /** What it wrote to stdout (for an assertion on a {@code SandboxProcess}). */
    public AbstractStringAssert<?> stdout() {
        return output("stdout", finished.stdout());
    }

    /** What it wrote to stderr (for an assertion on a {@code SandboxProcess}). */
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
