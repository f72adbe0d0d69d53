package dev.sandbox4j.examples;

import static dev.sandbox4j.examples.Cli.configured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.SandboxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem options reach the builder: a second setting of the same target is refused, naming the first. */
class FilesystemOptionsTest {
    @TempDir
    Path dir;

    private static void assertTaken(SandboxBuilder b, String what) {
        assertThatThrownBy(() -> b.tmpfs("/srv", "2M").build())
                .hasMessageContaining(what + " at /srv was already set");
    }

    @Test
    void rootfsOptionsSetTheRoot() throws Exception {
        Path tar = Files.writeString(dir.resolve("root.tar"), "not checked before start");
        assertThatThrownBy(() -> configured("--rootfs", dir.toString(), "--", "/bin/true").hostRootReadOnly())
                .hasMessageContaining("rootfs was already set to " + dir);
        assertThatThrownBy(() -> configured("--host-root-ro", "--", "/bin/true").rootfs(dir))
                .hasMessageContaining("rootfs was already set to the host root");
        assertThatThrownBy(() -> configured("--rootfs-tar", tar.toString(), "--", "/bin/true").rootfs(dir))
                .hasMessageContaining("rootfs was already set to tar " + tar);
        assertThatThrownBy(() -> configured("--rootfs-tar", "/no/such.tar", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such.tar");
    }

    @Test
    void twoRootsAreRefused() {
        assertThatThrownBy(() -> configured("--rootfs", dir.toString(), "--host-root-ro", "--", "/bin/true"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bindsTmpfsAndFilesAreMounted() {
        assertTaken(configured("--bind", dir.toString(), "/srv", "--", "/bin/true"), "bind of " + dir);
        assertTaken(configured("--ro-bind", dir.toString(), "/srv", "--", "/bin/true"), "read-only bind of " + dir);
        assertTaken(configured("--tmpfs", "/srv:1M", "--", "/bin/true"), "tmpfs");
        assertTaken(configured("--tmpfs", "/srv", "--", "/bin/true"), "tmpfs");
        assertTaken(configured("--file", "/srv=a=b", "--", "/bin/true"), "file");
    }

    @Test
    void overlayAtADirectoryAndAtTheRoot() throws Exception {
        Path lower = Files.createDirectory(dir.resolve("lower"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        assertTaken(configured("--overlay", lower + ":" + upper, "/srv", "--", "/bin/true"), "overlay");
        assertThatThrownBy(() -> configured("--overlay", lower + ":" + upper, "/", "--", "/bin/true").rootfs(dir))
                .hasMessageContaining("rootfs was already set to overlay [" + lower + "] + " + upper);
    }

    @Test
    void malformedValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> configured("--overlay", "/only-one", "/srv", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/only-one'");
        assertThatThrownBy(() -> configured("--overlay", "/a::/b", "/srv", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/a::/b'");
        assertThatThrownBy(() -> configured("--file", "/etc/motd", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/etc/motd'");
        assertThatThrownBy(() -> configured("--tmpfs", "/srv:12bogus", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12bogus");
    }

    @Test
    void diffFlagAndPairsAreParsed() {
        SandboxRun run = Cli.parse("--diff", "--bind", "/a", "/b", "--bind", "/c", "/d", "--", "/bin/true");
        assertThat(run.filesystem.diff).isTrue();
        assertThat(run.filesystem.binds).isEqualTo(List.of("/a", "/b", "/c", "/d"));
        assertThat(run.command).containsExactly("/bin/true");
    }
}
