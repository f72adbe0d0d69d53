package dev.sandbox4j.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.cgroups.CgroupLimits;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PidSharedCgroupTest {

    private static final String NO_CGROUP = "/sys/fs/cgroup/memory is owned by uid 0, not by you (uid 1000)";

    @Test
    void aSharedPidNamespaceGetsAnAccountingCgroup() {
        CgroupSpec got = PidSharedCgroup.require(null, true, Optional::empty);
        assertThat(got).isEqualTo(new CgroupSpec(CgroupLimits.none(), null));
    }

    @Test
    void whatWasAskedForStaysAndAnOwnPidNamespaceNeedsNone() {
        CgroupSpec asked = new CgroupSpec(CgroupLimits.none(), Path.of("/judge"));
        assertThat(PidSharedCgroup.require(asked, true, () -> Optional.of(NO_CGROUP))).isSameAs(asked);
        assertThat(PidSharedCgroup.require(null, false, () -> Optional.of(NO_CGROUP))).isNull();
    }

    @Test
    void withoutAWritableCgroupBuildSaysWhy() {
        assertThatThrownBy(() -> PidSharedCgroup.require(null, true, () -> Optional.of(NO_CGROUP)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sharing the host's pid namespace needs a cgroup")
                .hasMessageContaining(NO_CGROUP)
                .hasMessageContaining("do not share PID");
    }
}
