package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.it.Run;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the kernel refuses the sandbox's fresh sysfs (inside a container
 * that masks parts of its own /sys), the default root gets an empty
 * read-only /sys instead of failing, and nothing of the host's shows. The
 * refusal is provoked with a plan the builder never makes: a fresh sysfs
 * while sharing the host's network namespace, which a user namespace may
 * not mount (hence this package: the plan goes in through
 * {@code Sandbox(LaunchSpec)}). Root and rootless.
 */
class SysfsRefusedIT {

    @Test
    void aRefusedSysfsBecomesAnEmptyReadOnlyDirectoryWhenAskedAndFailsTheStartOtherwise() throws Exception {
        Sandbox empty = withSysfs(true);
        try (SandboxProcess p = empty.start()) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as(err).isEqualTo("0\n");
            assertThat(err).contains("Read-only file system");
        }
        assertThatThrownBy(() -> withSysfs(false).start()).isInstanceOfSatisfying(SandboxStartException.class, e -> {
            assertThat(e.step()).isEqualTo("mount");
            assertThat(e.errno()).isEqualTo(1); // EPERM
            assertThat(e.getMessage()).contains("sysfs at /sys");
        });
    }

    /** A default sandbox on the host's network whose /sys step is a fresh sysfs instead of the host's bind. */
    private static Sandbox withSysfs(boolean emptyWhenRefused) {
        LaunchSpec s = Sandbox.builder().share(Namespace.NET)
                .command("/bin/sh", "-c", "ls -A /sys | wc -l; touch /sys/x").build().spec();
        List<MountStep> steps = new ArrayList<>();
        for (MountStep step : s.mounts().steps()) {
            steps.add(step.target().equals("/sys") ? new MountStep.Sysfs("/sys", emptyWhenRefused) : step);
        }
        assertThat(steps).contains(new MountStep.Sysfs("/sys", emptyWhenRefused));
        MountPlan plan = new MountPlan(s.mounts().root(), steps);
        return new Sandbox(s.toBuilder().mounts(plan).build(), Sandbox.builder());
    }
}
