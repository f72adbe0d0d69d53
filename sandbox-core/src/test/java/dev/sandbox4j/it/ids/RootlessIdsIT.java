package dev.sandbox4j.it.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sandbox4j.Capability;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rootless, the sandbox is the caller: with subordinate ids beside it, or alone, and probe() says which. */
class RootlessIdsIT {
    @BeforeEach
    void rootless() {
        assumeFalse("root".equals(System.getProperty("user.name")), "rootless only");
    }

    @AfterEach
    void subordinateIdsBack() {
        System.clearProperty("sandbox4j.subordinateIds");
    }

    @Test
    void withSubordinateIdsTheHelpersMapThemBesideTheCaller() throws Exception {
        assumeFalse(Sandbox.probe().ids().startsWith("only"), "no subordinate ids here");
        long uid = Long.parseLong(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                .trim());
        Run r = Run.sh(Sandbox.builder(), "cat /proc/self/uid_map; cat /proc/self/setgroups");
        String[] lines = r.stdout().lines().toArray(String[]::new);
        assertThat(lines[0].trim().split("\\s+")).as(r.toString()).containsExactly("0", Long.toString(uid), "1");
        assertThat(lines[1].trim().split("\\s+")[0]).isEqualTo("1");
        assertThat(lines[2]).as("setgroups stays allowed").isEqualTo("allow");
        assertThat(Sandbox.probe().ids()).contains("subordinate ids").contains("shares the caller's per-user counters");
    }

    @Test
    void withoutThemOnlyTheCallerIsMappedAndProbeSaysWhyAndHow() throws Exception {
        System.setProperty("sandbox4j.subordinateIds", "false"); // as on a host without /etc/subuid entries
        try (SandboxProcess p = Sandbox.builder().command("/bin/cat").start()) {
            assertThat(Files.readAllLines(Path.of("/proc/" + p.pid() + "/uid_map"))).hasSize(1);
            assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/setgroups")).trim()).isEqualTo("deny");
            assertThat(p.hostIds().orElseThrow().count()).isEqualTo(1);
            p.getOutputStream().close();
            p.result().join();
        }
        assertThat(Sandbox.probe().ids()).startsWith("only the caller's uid")
                .contains("chown, setgroups, su fail inside").contains("sandbox4j.subordinateIds=false")
                .contains("shares the caller's per-user counters");
        Run chown = Run.sh(Sandbox.builder().capabilities(java.util.Set.of(Capability.CAP_CHOWN)),
                "cd /tmp && touch f && chown 1000 f");
        assertThat(chown.stderr()).as(chown.toString()).contains("Invalid argument"); // 1000 is not mapped
    }
}
