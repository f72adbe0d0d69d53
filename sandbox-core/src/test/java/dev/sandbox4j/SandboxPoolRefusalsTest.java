package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definition whose state a reset could not undo is refused by
 * {@code SandboxPool.of} before anything is started, naming why.
 */
class SandboxPoolRefusalsTest {
    @TempDir
    Path tmp;

    private static void refused(SandboxBuilder b, String... why) {
        Sandbox box = b.command("/bin/true").build();
        var thrown = assertThatThrownBy(() -> SandboxPool.of(box, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("this sandbox cannot be pooled");
        for (String w : why) {
            thrown.hasMessageContaining(w);
        }
    }

    @Test
    void aWritableBindIsRefused() {
        refused(Sandbox.builder().bind(tmp, "/data"), "/data", "read-only");
    }

    @Test
    void aSharedIpcNamespaceIsRefused() {
        // (a shared pid namespace is refused too; rootless without a cgroup build() refuses it first)
        refused(Sandbox.builder().share(Namespace.IPC), "IPC");
    }

    @Test
    void keepingNetAdminInItsOwnNetworkIsRefused() {
        refused(Sandbox.builder().capabilities(Set.of(Capability.CAP_NET_ADMIN)), "CAP_NET_ADMIN");
    }

    @Test
    void aFileMountIsRefusedPointingToPerRunFiles() {
        refused(Sandbox.builder().file("/etc/motd", new byte[] {1}, 0644), "/etc/motd", "PooledRun.file");
    }

    @Test
    void badSizesAndIdleTimesAreRefusedNamingTheValue() {
        Sandbox box = Sandbox.builder().command("/bin/true").build();
        assertThatThrownBy(() -> SandboxPool.of(box, 0)).hasMessageContaining("pool size 0");
        assertThatThrownBy(() -> SandboxPool.of(box, 2, Duration.ZERO)).hasMessageContaining("PT0S");
    }

    @Test
    void aPerRunProgramMustBeAnAbsolutePathAndAFileInsideAWritableMount() {
        assertThatThrownBy(() -> PooledRun.of("true")).hasMessageContaining("'true'")
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> PooledRun.of("/bin/true").file("/x", new byte[0], 010000))
                .hasMessageContaining("010000");
    }
}
