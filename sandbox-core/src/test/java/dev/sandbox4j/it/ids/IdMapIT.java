package dev.sandbox4j.it.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A caller's own multi-range map: written as asked, and as root locked like an allocated range. */
class IdMapIT {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @Test
    void asRootTheMapIsWrittenAsAskedAndItsHostIdsAreNotSharedWithAnotherSandbox() throws Exception {
        assumeTrue(ROOT, "as root");
        Sandbox box = Sandbox.builder().idMap(0, 2_900_393_216L, 1000).idMap(1000, 2_900_459_000L, 10)
                .uid(1005).command("/bin/sh", "-c", "cat /proc/self/uid_map; id -u; exec cat").build();
        try (SandboxProcess p = box.start()) {
            assertThat(Files.readAllLines(Path.of("/proc/" + p.pid() + "/uid_map")).stream()
                    .map(l -> List.of(l.trim().split("\\s+"))).toList()).containsExactly(
                            List.of("0", "2900393216", "1000"), List.of("1000", "2900459000", "10"));
            assertThat(p.hostIds()).contains(new HostIds(2_900_393_216L, 2_900_393_216L, 1000));
            assertThatThrownBy(box::start).isInstanceOf(SandboxStartException.class)
                    .hasMessageContaining("host ids 2900393216..2900394215 of idMap(0, 2900393216, 1000) are in use");
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(out).endsWith("1005\n");
            p.result().join();
        }
    }

    @Test
    void rootlessTheHelpersWriteTheCallersIdAndSubordinateExtents() throws Exception {
        assumeTrue(!ROOT && !Sandbox.probe().ids().startsWith("only"), "rootless with subordinate ids");
        String me = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim();
        String sub = Files.readAllLines(Path.of("/etc/subuid")).stream()
                .filter(l -> l.startsWith(System.getProperty("user.name") + ":") || l.startsWith(me + ":"))
                .findFirst().orElseThrow().split(":")[1];
        long first = Long.parseLong(sub);
        Run r = Run.sh(Sandbox.builder().idMap(0, Long.parseLong(me), 1).idMap(1000, first + 10, 5),
                "cat /proc/self/uid_map");
        assertThat(r.stdout().lines().map(l -> List.of(l.trim().split("\\s+"))).toList()).as(r.toString())
                .containsExactly(List.of("0", me, "1"), List.of("1000", Long.toString(first + 10), "5"));
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, Long.parseLong(me), 1).idMap(1, 5, 1).command("true")
                .build()).hasMessageContaining("idMap(1, 5, 1) maps host ids this caller may not map");
    }
}
