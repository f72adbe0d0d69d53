package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Symlinks in a rootfs never lead a mount out of it. */
class RootSymlinksIT {
    private static final Path HOST_ETC = Path.of("/etc");

    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    @TempDir
    Path tmp;

    /** Names, types and mtimes of the host's /etc and its entries. */
    private static Map<String, String> hostEtc() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put(".", Files.getLastModifiedTime(HOST_ETC).toString());
        try (Stream<Path> s = Files.list(HOST_ETC)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.getLastModifiedTime(p,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).toString());
            }
        }
        return out;
    }

    @Test
    void aTmpfsAtTmpWhichLinksToEtcLandsOnTheRootfsEtcNotTheHosts() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Files.delete(root.resolve("tmp"));
        Files.createSymbolicLink(root.resolve("tmp"), Path.of("/etc"));
        Roots.write(root.resolve("etc/rootfs-marker"), "mine\n");
        String marker = "sandbox4j-escape-" + ProcessHandle.current().pid();
        Map<String, String> etcBefore = hostEtc();

        Run r = Run.sh(Sandbox.builder().rootfs(root).tmpfs("/tmp", "1M"),
                "echo x > /tmp/" + marker + "; echo rc=$?; ls /etc; echo ---; cat /proc/self/mountinfo");

        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        String[] parts = r.stdout().split("---\n", 2);
        // the tmpfs hides the rootfs's own /etc: the write went into it, the marker is covered
        assertThat(parts[0]).as(r.toString()).isEqualTo("rc=0\n" + marker + "\n");
        assertThat(BusyboxRootIT.mountPoints(parts[1])).as(parts[1]).contains("/etc").doesNotContain("/tmp");
        assertThat(HOST_ETC.resolve(marker)).doesNotExist();
        assertThat(root.resolve("etc/" + marker)).as("the tmpfs took the write, not the rootfs").doesNotExist();
        assertThat(hostEtc()).isEqualTo(etcBefore);
    }

    @Test
    void aTmpfsAtTmpWhichLinksToAMissingEtcFailsSetupNamingTheTarget() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Files.delete(root.resolve("tmp"));
        Files.createSymbolicLink(root.resolve("tmp"), Path.of("/etc"));
        Map<String, String> etcBefore = hostEtc();

        for (boolean writable : List.of(false, true)) {
            assertThatThrownBy(() -> Run.sh(Sandbox.builder().rootfs(root, writable).tmpfs("/tmp", "1M"), "true"))
                    .as("writable root: %s", writable)
                    .isInstanceOf(SandboxStartException.class).hasMessageContaining("/tmp");
        }
        assertThat(hostEtc()).isEqualTo(etcBefore);
        assertThat(root.resolve("etc")).doesNotExist();
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proc", "dev", "sys"})
    void aRootfsWhoseSpecialDirIsASymlinkIsRefusedBeforeSpawning(String name) throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Files.delete(root.resolve(name));
        Files.createSymbolicLink(root.resolve(name), Path.of("/tmp"));

        assertThatThrownBy(() -> Sandbox.builder().rootfs(root).command("/bin/true").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/" + name).hasMessageContaining(root.toString())
                .hasMessageContaining("symlink");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }
}
