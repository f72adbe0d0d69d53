package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.FileAction;
import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fd hygiene and placement of a launch, against a recording fake: no root, no spawn. */
class LauncherTest {
    private static final LaunchSpec SPEC = new LaunchSpec(List.of("/bin/true"), Set.of(Namespace.PID), "sandbox",
            false, 0, 0, 65534, 65534, false, Map.of("PATH", "/bin"), null, Redirect.PIPE, Redirect.PIPE,
            Redirect.PIPE, false, null, Duration.ofSeconds(2), null, null, HardeningSpec.NONE);

    private static Launcher launcher(RecordingSyscalls sys) {
        return new Launcher(sys, s -> new ShimBinary(-1, "/shim", "test"));
    }

    @Test
    void aFailedSpawnClosesEveryFdItOpenedAndNamesTheCall() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("posix_spawn", Errno.ENOMEM);
        int[] cleaned = {0};
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("posix_spawn").hasMessageContaining("ENOMEM");
        assertThat(sys.openFds()).isEmpty();
        assertThat(cleaned[0]).as("mount and cgroup cleanups ran once").isEqualTo(1);
    }

    @Test
    void aFailureHalfwayThroughTheSetupClosesWhatWasOpenedSoFar() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("open", Errno.EACCES);
        int[] cleaned = {0};
        LaunchSpec toFile = new LaunchSpec(SPEC.command(), SPEC.namespaces(), "sandbox", false, 0, 0, 0, 0, false,
                SPEC.environment(), null, Redirect.PIPE, Redirect.to(new java.io.File("/forbidden")),
                Redirect.PIPE, false, null, Duration.ofSeconds(2), null, null, HardeningSpec.NONE);
        assertThatThrownBy(() -> launcher(sys).launch(toFile, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .hasMessageContaining("open /forbidden").hasMessageContaining("EACCES");
        assertThat(sys.openFds()).isEmpty();
        assertThat(cleaned[0]).as("mount and cgroup cleanups ran once").isEqualTo(1);
    }

    @Test
    void theShimGetsStdioAndItsFixedFdsAndNothingElse() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("pidfd_open", Errno.EMFILE);
        int[] cleaned = {0};
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .hasMessageContaining("pidfd_open");
        Map<Integer, Integer> placedOn = new HashMap<>();
        int closeFrom = -1;
        for (FileAction a : sys.spawns.get(0)) {
            if (a instanceof FileAction.Dup2(int from, int to) && to <= OpCode.FD_CONTROL) {
                placedOn.put(to, from);
            } else if (a instanceof FileAction.CloseFrom(int from)) {
                closeFrom = from;
            }
        }
        assertThat(placedOn.keySet()).contains(0, 1, 2, OpCode.FD_PLAN, OpCode.FD_STATUS, OpCode.FD_CONTROL);
        assertThat(closeFrom).isEqualTo(OpCode.FD_CONTROL + 1);
        assertThat(sys.openFds()).as("after a failure past the spawn, still nothing open").isEmpty();
        assertThat(cleaned[0]).isEqualTo(1);
    }
}
