package dev.sandbox4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.ProbeReport.Fact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the real host check reads the public probe's cgroup facts: an aborted test quotes what was found and its fix.
 * No sandbox is started here; ParallelIT reads the same fact from the real probe (and fails if it is gone).
 */
class SystemProbeTest {
    private static ProbeReport with(Fact... facts) {
        return new ProbeReport("6.1.0-simulated", false, Map.of(Namespace.USER, "ok"), Map.of(), List.of(facts));
    }

    @Test
    void aWritableCgroupMeansNothingIsMissing() {
        assertThat(SystemProbe.unavailable(with(Fact.yes(SystemProbe.WRITABLE_CGROUP, "/sandbox4j")))).isEmpty();
    }

    @Test
    void noWritableCgroupGivesWhatWasFoundAndTheFix() {
        ProbeReport r = with(Fact.no(SystemProbe.WRITABLE_CGROUP, "cgroup v2 /user.slice is not writable by uid 1000",
                "a delegated cgroup"));
        assertThat(SystemProbe.unavailable(r))
                .hasValue("cgroup v2 /user.slice is not writable by uid 1000 (fix: a delegated cgroup)");
    }

    @Test
    void anUnreadableLayoutIsTheReasonWhenTheProbeCouldNotTell() {
        ProbeReport r = with(Fact.no("cgroup layout", "cannot read it: /proc/self/mountinfo: EACCES",
                "check /proc/self/mountinfo"));
        assertThat(SystemProbe.unavailable(r))
                .hasValue("cannot read it: /proc/self/mountinfo: EACCES (fix: check /proc/self/mountinfo)");
    }

}
