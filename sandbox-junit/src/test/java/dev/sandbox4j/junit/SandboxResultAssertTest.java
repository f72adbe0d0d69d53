package dev.sandbox4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every assertion passes on a matching result and fails with the command, the ending and the output's tail. */
class SandboxResultAssertTest {

    private static SandboxResult result(SandboxStatus status, Integer code, Integer signal) {
        return new SandboxResult(status, code == null ? OptionalInt.empty() : OptionalInt.of(code),
                signal == null ? OptionalInt.empty() : OptionalInt.of(signal), Duration.ofMillis(12),
                Duration.ofMillis(30), Duration.ofMillis(10), 2048, OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty(), false, status == SandboxStatus.TIMED_OUT ? Optional.of(TimeoutKind.WALL_TIME)
                : Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    private static SandboxResultAssert assertOn(SandboxResult r, String stdout, String stderr) {
        return new SandboxResultAssert(new Finished(Optional.of("/bin/judge --strict in.txt"), r,
                Optional.of(stdout), Optional.of(stderr)));
    }

    private static final SandboxResult EXIT_3 = result(SandboxStatus.EXITED, 3, null);
    private static final SandboxResult KILLED = result(SandboxStatus.SIGNALED, null, 9);

    @Test
    void exitedWithNamesTheCommandTheCodeAndTheOutput() {
        assertOn(EXIT_3, "", "").exitedWith(3);
        assertThatThrownBy(() -> assertOn(EXIT_3, "partial answer\n", "judge: line 7: bad token\n").exitedWith(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the sandbox to have exited with code 0, but it ended EXITED with code 3")
                .hasMessageContaining("command: /bin/judge --strict in.txt")
                .hasMessageContaining("ended:   EXITED with code 3")
                .hasMessageContaining("used:    wall 12 ms, cpu 40 ms, peak memory 2048 KiB")
                .hasMessageContaining("stdout:\n    | partial answer")
                .hasMessageContaining("stderr:\n    | judge: line 7: bad token");
        assertThatThrownBy(() -> assertOn(KILLED, "", "").exitedWith(0))
                .hasMessageStartingWith("Expecting the sandbox to have exited with code 0, but it ended SIGNALED by "
                        + "signal 9 (SIGKILL)");
    }

    @Test
    void wasKilledByTakesANumberOrAName() {
        assertOn(KILLED, "", "").wasKilledBy(9).wasKilledBy("SIGKILL").wasKilledBy("kill");
        assertThatThrownBy(() -> assertOn(KILLED, "", "").wasKilledBy("TERM"))
                .hasMessageStartingWith("Expecting the sandbox to have been killed by signal 15 (SIGTERM), but it "
                        + "ended SIGNALED by signal 9 (SIGKILL)")
                .hasMessageContaining("command: /bin/judge");
        assertThatThrownBy(() -> assertOn(EXIT_3, "", "").wasKilledBy(9))
                .hasMessageStartingWith("Expecting the sandbox to have been killed by signal 9 (SIGKILL), but it ended "
                        + "EXITED with code 3");
        assertThatThrownBy(() -> assertOn(KILLED, "", "").wasKilledBy("SIGNOPE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signal 'SIGNOPE' is not known: use a name such as SIGKILL or KILL (SIGHUP..SIGSYS), "
                        + "or the number");
    }

    @Test
    void timedOutShowsHowItEndedInstead() {
        assertOn(result(SandboxStatus.TIMED_OUT, null, 9), "", "").timedOut().wasKilledBy(9);
        assertThatThrownBy(() -> assertOn(EXIT_3, "", "").timedOut())
                .hasMessageStartingWith("Expecting the sandbox to have timed out, but it ended EXITED with code 3");
    }

    @Test
    void ranOutOfMemoryAcceptsTheStatusOrTheOomFlag() {
        assertOn(result(SandboxStatus.OOM_KILLED, null, 9), "", "").ranOutOfMemory();
        SandboxResult r = EXIT_3;
        SandboxResult childKilled = new SandboxResult(SandboxStatus.EXITED, OptionalInt.of(137), OptionalInt.empty(),
                r.wallTime(), r.userCpu(), r.systemCpu(), r.maxRssKb(), OptionalLong.of(64L << 20), Optional.empty(),
                OptionalLong.empty(), true, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        assertOn(childKilled, "", "").ranOutOfMemory();
        assertThatThrownBy(() -> assertOn(KILLED, "", "").ranOutOfMemory())
                .hasMessageStartingWith("Expecting the sandbox to have run out of memory (OOM_KILLED), but it ended "
                        + "SIGNALED by signal 9 (SIGKILL)");
    }

    @Test
    void cpuIsTheCgroupsWhenKnownElseUserPlusSystem() {
        assertOn(EXIT_3, "", "").usedCpuAtMost(Duration.ofMillis(40));
        assertThatThrownBy(() -> assertOn(EXIT_3, "", "").usedCpuAtMost(Duration.ofMillis(39)))
                .hasMessageStartingWith("Expecting the sandbox to have used at most 39 ms of CPU, but it used 40 ms\n"
                        + "  command: /bin/judge --strict in.txt\n  ended:   EXITED with code 3");
        SandboxResult r = EXIT_3;
        SandboxResult cgroup = new SandboxResult(r.status(), r.exitCode(), r.signal(), r.wallTime(), r.userCpu(),
                r.systemCpu(), r.maxRssKb(), OptionalLong.of(5L << 20), Optional.of(Duration.ofMillis(90)),
                OptionalLong.empty(), false, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> assertOn(cgroup, "", "").usedCpuAtMost(Duration.ofMillis(40)))
                .hasMessageStartingWith("Expecting the sandbox to have used at most 40 ms of CPU, but it used 90 ms");
        assertOn(cgroup, "", "").peakMemoryAtMost("5M");
        assertThatThrownBy(() -> assertOn(cgroup, "", "").peakMemoryAtMost("4M"))
                .hasMessageStartingWith("Expecting the sandbox to have used at most 4194304 bytes of memory at its "
                        + "peak, but it used 5242880");
    }

    @Test
    void peakMemoryIsTheResidentSetWithoutACgroup() {
        assertOn(EXIT_3, "", "").peakMemoryAtMost("2M");
        assertThatThrownBy(() -> assertOn(EXIT_3, "", "").peakMemoryAtMost("1M"))
                .hasMessageStartingWith("Expecting the sandbox to have used at most 1048576 bytes of memory at its "
                        + "peak, but it used 2097152");
    }

    @Test
    void aLongOutputShowsItsLastTwentyLinesAndPercentSignsAsTheyAre() {
        String out = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i + " 100%").collect(Collectors.joining("\n"));
        assertThatThrownBy(() -> assertOn(EXIT_3, out, "").exitedWith(0))
                .hasMessageContaining("stdout: (last 20 of 50 lines)\n    | line 31 100%\n")
                .hasMessageContaining("    | line 50 100%\n    (no newline at the end)")
                .hasMessageNotContaining("line 30 ")
                .hasMessageContaining("stderr: (empty)");
    }

    @Test
    void aResultAloneSaysWhereToFindTheCommandAndOutput() {
        assertThatThrownBy(() -> SandboxAssertions.assertThat(EXIT_3).exitedWith(0))
                .hasMessageContaining("command: (unknown: assert on the SandboxProcess")
                .hasMessageContaining("stdout: (not read: assert on the SandboxProcess to see it)");
        assertThatThrownBy(() -> SandboxAssertions.assertThat(EXIT_3).stdout())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use SandboxAssertions.assertThat(process)");
    }

    @Test
    void theDescriptionComesFirstAndStringAssertionsNameTheStream() {
        assertThatThrownBy(() -> assertOn(EXIT_3, "", "").as("the judge").exitedWith(0))
                .hasMessageStartingWith("[the judge] Expecting the sandbox to have exited with code 0");
        assertOn(EXIT_3, "42\n", "warn\n").stdout().isEqualTo("42\n");
        assertThatThrownBy(() -> assertOn(EXIT_3, "42\n", "warn\n").stderr().isEmpty())
                .hasMessageContaining("[stderr of /bin/judge --strict in.txt]");
        assertThat(Signals.name(64)).isEqualTo("signal 64");
    }
}
