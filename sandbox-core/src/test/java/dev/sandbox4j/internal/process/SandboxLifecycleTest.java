package dev.sandbox4j.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.FileChange;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.fs.Change;
import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A sandbox's lifecycle driven by a fake clock, a recording fake of the system calls standing for
 * the shim's pipes, and the event loop turned by hand: no root, no shim, no sleeping. What the
 * library writes to the control pipe is what the shim would do (9: kill the sandbox, 15: forward
 * SIGTERM); the test then writes the records the shim would, and hangs the status pipe up.
 */
class SandboxLifecycleTest {
    private static final int SIGKILL = 9, SIGTERM = 15;
    private static final int NO_SUCH_PID = Integer.MAX_VALUE - 1; // above any pid_max: the program is "not found"
    private static final Duration TIMEOUT = Duration.ofSeconds(10), GRACE = Duration.ofSeconds(2);

    private final RecordingSyscalls sys = new RecordingSyscalls();
    private final FakeClock clock = new FakeClock();
    private final EventLoop loop;
    private final int statusFd;
    private final int controlFd;
    private final List<String> cleaned = new ArrayList<>();

    SandboxLifecycleTest() throws Exception {
        loop = new EventLoop(sys, clock, Runnable::run); // the worker runs cleanups at once
        statusFd = sys.pipe2(0)[0];
        controlFd = sys.pipe2(0)[1];
    }

    private SandboxLifecycle start(Duration timeout) throws Exception {
        SandboxLifecycle run = run(timeout);
        sys.feed(statusFd, ShimRecords.started(2, NO_SUCH_PID));
        run.awaitStartup();
        return run;
    }

    private SandboxLifecycle run(Duration timeout) throws Exception {
        return run(timeout, (Cleanup.Quick) m -> cleaned.add("cleanup"));
    }

    private SandboxLifecycle run(Duration timeout, Cleanup cleanup) throws Exception {
        SandboxLifecycle run = new SandboxLifecycle(sys, loop, new SandboxLifecycle.Settings(List.of("/bin/sleep", "60"), timeout, GRACE,
                null, false, false), statusFd, controlFd, new SandboxLifecycle.Stdio(OutputStream.nullOutputStream(),
                InputStream.nullInputStream(), InputStream.nullInputStream()), null, List.of(cleanup), null,
                f -> new SandboxStartException(f.step(), f.errno(), f.step() + ": " + f.detail(), null));
        run.watch();
        return run;
    }

    /** What the shim does once the program ended: its last records, then end of file on the status pipe. */
    private void shimReports(byte[]... records) throws Exception {
        for (byte[] r : records) {
            sys.feed(statusFd, r);
        }
        sys.hangUp(statusFd);
        loop.turn();
    }

    private List<Integer> signalsSent() {
        List<Integer> s = new ArrayList<>();
        for (byte b : sys.written(controlFd)) {
            s.add((int) b);
        }
        return s;
    }

    private void advance(Duration d) throws Exception {
        clock.advance(d);
        loop.turn();
    }

    @Test
    void theWallTimeoutKillsTheSandboxAndTheResultSaysTimedOut() throws Exception {
        SandboxLifecycle run = start(TIMEOUT);

        advance(TIMEOUT.minusNanos(1));
        assertThat(signalsSent()).as("a nanosecond before the timeout").isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(signalsSent()).as("at the timeout: SIGKILL for the whole sandbox").containsExactly(SIGKILL);
        assertThat(run.ended()).as("the sandbox ends when the shim says so").isNotDone();

        shimReports(ShimRecords.exited(SIGKILL), ShimRecords.reaped(0));

        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(r.timeoutKind()).hasValue(TimeoutKind.WALL_TIME);
        assertThat(r.signal()).hasValue(SIGKILL);
        assertThat(r.exitCode()).isEmpty();
        assertThat(r.wallTime()).as("read on the fake clock").isEqualTo(TIMEOUT);
        assertThat(r.userCpu()).isEqualTo(Duration.ofMillis(1));
        assertThat(cleaned).containsExactly("cleanup");
        assertThat(sys.openFds()).as("the status and control pipes are closed").doesNotContain(statusFd, controlFd);
    }

    @Test
    void destroyTerminatesThenKillsOnceTheGraceIsOver() throws Exception {
        SandboxLifecycle run = start(null);

        run.destroy();
        assertThat(signalsSent()).containsExactly(SIGTERM);
        advance(GRACE.minusNanos(1));
        assertThat(signalsSent()).as("within the grace").containsExactly(SIGTERM);
        advance(Duration.ofNanos(1));
        assertThat(signalsSent()).as("after the grace").containsExactly(SIGTERM, SIGKILL);

        shimReports(ShimRecords.exited(SIGKILL), ShimRecords.reaped(0));
        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(SIGKILL);
        assertThat(r.timeoutKind()).isEmpty();
        assertThat(r.wallTime()).isEqualTo(GRACE);
    }

    @Test
    void aProgramThatEndsOnSigtermWithinTheGraceIsNotKilledAfterwards() throws Exception {
        SandboxLifecycle run = start(TIMEOUT);

        run.destroy();
        shimReports(ShimRecords.exited(SIGTERM), ShimRecords.reaped(0));
        advance(TIMEOUT);

        assertThat(signalsSent()).as("neither the grace kill nor the timeout writes to a closed pipe")
                .containsExactly(SIGTERM);
        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(SIGTERM);
        assertThat(r.timeoutKind()).isEmpty();
    }

    @Test
    void anExitBeforeTheTimeoutIsAnExit() throws Exception {
        SandboxLifecycle run = start(TIMEOUT);

        advance(Duration.ofSeconds(3));
        shimReports(ShimRecords.exited(7 << 8), ShimRecords.reaped(0));
        advance(TIMEOUT);

        assertThat(signalsSent()).isEmpty();
        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).isEqualTo(SandboxStatus.EXITED);
        assertThat(r.exitCode()).hasValue(7);
        assertThat(r.wallTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aFailedSetupStepIsThrownOnceTheSandboxIsGone() throws Exception {
        SandboxLifecycle run = run(TIMEOUT);
        sys.feed(statusFd, ShimRecords.failed("execve", 2, "/bin/nope"));
        shimReports(ShimRecords.reaped(127 << 8)); // hung up before the starting thread read anything

        assertThatThrownBy(run::awaitStartup).isInstanceOf(SandboxStartException.class)
                .hasMessage("execve: /bin/nope");
        assertThat(run.ended().getNow(null).status()).isEqualTo(SandboxStatus.SETUP_FAILED);
        assertThat(cleaned).containsExactly("cleanup");
    }

    @Test
    void aSandboxThatEndedDuringSetupWithoutAReportNamesTheInitsEnd() throws Exception {
        SandboxLifecycle run = run(TIMEOUT);
        shimReports(ShimRecords.reaped(SIGKILL));

        assertThatThrownBy(run::awaitStartup).isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("ended during setup without a report (its init was killed by signal 9)");
    }

    @Test
    void whenTheServerWentAwayTheResultWaitsForTheInitToBeGone() throws Exception {
        SandboxLifecycle run = start(null);
        shimReports(); // end of file, no records: the server was killed from outside

        assertThat(run.ended()).as("the init's pid namespace may still be dying").isNotDone();
        int pidfd = java.util.Collections.max(sys.openFds());
        assertThat(sys.calls).contains("pidfd_open [" + NO_SUCH_PID + "]");
        sys.hangUp(pidfd);
        loop.turn();

        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).as("killed as a whole").isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(SIGKILL);
        assertThat(sys.openFds()).doesNotContain(pidfd);
    }

    @Test
    void whenTheInitsPidfdNeverReportsTheWaitIsBounded() throws Exception {
        SandboxLifecycle run = start(null);
        shimReports();
        advance(Duration.ofSeconds(2).minusNanos(1));
        assertThat(run.ended()).isNotDone();
        advance(Duration.ofNanos(1));
        assertThat(run.ended().getNow(null).status()).isEqualTo(SandboxStatus.SIGNALED);
    }

    @Test
    void whatTheCleanupsMeasuredIsInTheResultAndAnOomKillIsTheMemoryLimit() throws Exception {
        OptionalLong peak = OptionalLong.of(64L << 20);
        CgroupStats stats = new CgroupStats(OptionalLong.empty(), peak, Optional.of(Duration.ofMillis(1500)),
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.of(3), OptionalLong.of(1));
        SandboxLifecycle run = run(null, m -> m.cgroup(stats, true).changes(List.of(new Change(Change.Kind.ADDED, "/out"))));
        sys.feed(statusFd, ShimRecords.started(2, NO_SUCH_PID));
        run.awaitStartup();

        shimReports(ShimRecords.exited(SIGKILL), ShimRecords.reaped(0));
        SandboxResult r = run.ended().getNow(null);
        assertThat(r.status()).isEqualTo(SandboxStatus.MEMORY_LIMIT);
        assertThat(r.oomKilled()).isTrue();
        assertThat(r.memoryPeakBytes()).isEqualTo(peak);
        assertThat(r.cpuUsage()).hasValue(Duration.ofMillis(1500));
        assertThat(r.pidsPeak()).hasValue(3);
        assertThat(r.changes()).containsExactly(new FileChange(FileChange.Kind.ADDED, "/out"));
    }
}
