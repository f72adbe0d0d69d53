package dev.sandbox4j.junit;

import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * AssertJ assertions for sandboxes (AssertJ must be on the test class path). A failure shows the command, how it
 * ended (status, exit code or signal), the time and memory it used and the tail of its stdout and stderr:
 *
 * <pre>{@code
 * import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
 *
 * SandboxProcess p = sandbox.command("/bin/sh", "-c", "echo hi; exit 3").start();
 * assertThat(p).exitedWith(0);
 * // Expecting the sandbox to have exited with code 0, but it ended EXITED with code 3
 * //   command: /bin/sh -c echo hi; exit 3
 * //   ended:   EXITED with code 3
 * //   used:    wall 4 ms, cpu 1 ms, peak memory 1536 KiB
 * //   stdout:
 * //     | hi
 * //   stderr: (empty)
 * }</pre>
 */
public final class SandboxAssertions {
    private SandboxAssertions() {}

    private static final Tracker TRACKER = Tracker.installed();
    /** What each process wrote, read once: a second assertion on the same process sees the same output. */
    private static final Map<SandboxProcess, CompletableFuture<Finished>> FINISHED =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Assertions on how a sandbox ended, from its result alone: failure messages name the command when the
     * process was started after this class was first used, but cannot show its output (assert on the
     * {@link SandboxProcess} for that).
     *
     * <pre>{@code
     * SandboxResult r = sandbox.command("/bin/true").build().start().result().join();
     * assertThat(r).exitedWith(0);
     * }</pre>
     *
     * @param result a sandbox's result, e.g. from {@code process.result().join()}
     * @return assertions on it
     */
    public static SandboxResultAssert assertThat(SandboxResult result) {
        return new SandboxResultAssert(new Finished(result == null ? Optional.empty() : TRACKER.commandOf(result),
                result, Optional.empty(), Optional.empty()));
    }

    /**
     * Waits until {@code process} has ended, reading what is left of its stdout and stderr (when they are pipes
     * the test has not read), and asserts on it; {@link SandboxResultAssert#stdout()} and
     * {@link SandboxResultAssert#stderr()} give that output, and every failure message shows its tail. The
     * output is read once: a second {@code assertThat} on the same process sees the same text.
     *
     * <pre>{@code
     * SandboxProcess p = sandbox.command("/bin/echo", "hello").start();
     * assertThat(p).exitedWith(0).stdout().isEqualTo("hello\n");
     * }</pre>
     *
     * @param process a started sandbox; it need not have ended yet
     * @return assertions on how it ended and what it wrote
     */
    public static SandboxResultAssert assertThat(SandboxProcess process) {
        if (process == null) {
            return new SandboxResultAssert(new Finished(Optional.empty(), null, Optional.empty(), Optional.empty()));
        }
        // Not under a lock of the process's (its own completion may need it), nor the map's while waiting.
        CompletableFuture<Finished> mine = new CompletableFuture<>();
        CompletableFuture<Finished> f;
        synchronized (FINISHED) {
            f = FINISHED.putIfAbsent(process, mine);
        }
        if (f == null) {
            f = mine;
            try {
                mine.complete(finish(process));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return new SandboxResultAssert(f.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Finished finish(SandboxProcess p) {
        // stderr on its own thread: a program that fills one pipe while we block on the other would never end.
        // A platform thread, which ends with the stream: the first virtual thread would start a JDK thread for good.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()),
                r -> Thread.ofPlatform().daemon().name("sandbox-stderr-" + p.pid()).start(r));
        String out = read(p.getInputStream());
        SandboxResult r = p.result().join();
        return new Finished(TRACKER.commandOf(p), r, Optional.of(out), Optional.of(err.join()));
    }

    private static String read(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            in.transferTo(buf);
        } catch (IOException e) {
            if (!"Stream closed".equals(e.getMessage())) { // closed by the test: nothing more to read
                throw new UncheckedIOException("reading the sandbox's output: " + e.getMessage(), e);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
