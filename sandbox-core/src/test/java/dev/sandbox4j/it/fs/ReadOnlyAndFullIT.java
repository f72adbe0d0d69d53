package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only means EROFS, not a permission error: the trees are given to the
 * id root inside maps to, so only the mount's read-only flag stands in the way.
 */
class ReadOnlyAndFullIT {
    private static final String EROFS = "Read-only file system";

    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    @TempDir
    Path tmp;

    @Test
    void writesToAReadOnlyRootFailWithErofsAndTheHostTreeIsUnchanged() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Roots.write(root.resolve("etc/motd"), "hello\n");
        Roots.giveToRootInside(root);
        Map<String, String> before = Roots.snapshot(root);

        Run r = Run.sh(Roots.pinned(Sandbox.builder()).rootfs(root),
                "echo evil > /etc/motd; echo rc=$?; touch /new; echo rc=$?; rm /etc/motd; echo rc=$?; "
                        + "mkdir /etc/sub; echo rc=$?; cat /etc/motd");

        assertThat(r.stdout()).as(r.toString()).isEqualTo("rc=1\nrc=1\nrc=1\nrc=1\nhello\n");
        assertThat(r.stderr().lines()).as(r.toString()).hasSize(4).allMatch(l -> l.endsWith(EROFS));
        assertThat(Roots.snapshot(root)).isEqualTo(before);
    }

    @Test
    void writesToABindReadOnlyFailWithErofsWhileTheWritableRootTakesThem() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Files.createDirectory(root.resolve("data"));
        Path data = Roots.dir(tmp.resolve("data"));
        Roots.write(data.resolve("data.txt"), "precious\n");
        Roots.giveToRootInside(root);
        Roots.giveToRootInside(data);
        Map<String, String> before = Roots.snapshot(data);

        Run r = Run.sh(Roots.pinned(Sandbox.builder()).rootfs(root, true).bindReadOnly(data, "/data"),
                "echo ok > /control; echo rc=$?; echo evil > /data/data.txt; echo rc=$?; "
                        + "rm /data/data.txt; echo rc=$?; touch /data/new; echo rc=$?; cat /data/data.txt");

        assertThat(r.stdout()).as(r.toString()).isEqualTo("rc=0\nrc=1\nrc=1\nrc=1\nprecious\n");
        assertThat(r.stderr().lines()).as(r.toString()).hasSize(3).allMatch(l -> l.endsWith(EROFS));
        assertThat(Roots.snapshot(data)).isEqualTo(before);
        assertThat(root.resolve("control")).as("the writable root took the control write").hasContent("ok");
    }

    /** The minimal default root: its tmpfs and the host's /usr and /etc in it are read-only. */
    @Test
    void theDefaultRootAndTheHostDirsInItFailWritesWithErofs() throws Exception {
        Run r = Run.sh(Sandbox.builder(), "for p in /new /usr/new /etc/new /etc/passwd; do "
                + "echo evil > $p; echo rc=$?; done; mkdir /bin/new; echo rc=$?; echo ok > /tmp/ok; cat /tmp/ok");

        assertThat(r.stdout()).as(r.toString()).isEqualTo("rc=2\nrc=2\nrc=2\nrc=2\nrc=1\nok\n");
        assertThat(r.stderr().lines()).as(r.toString()).hasSize(5).allMatch(l -> l.endsWith(EROFS));
    }

    /** hostRootReadOnly(): its /tmp is private, so the host file lives in /var/tmp. */
    @Test
    void theHostRootReadOnlyFailsWritesWithErofs() throws Exception {
        Path file = Roots.open(Files.createTempDirectory(Path.of("/var/tmp"), "sandbox4j-it-"));
        try {
            hostRootReadOnly(file);
        } finally {
            Roots.deleteTree(file);
        }
    }

    private static void hostRootReadOnly(Path file) throws Exception {
        Roots.write(file.resolve("f.txt"), "host\n");
        Roots.giveToRootInside(file);
        Map<String, String> before = Roots.snapshot(file);
        String inside = file.resolve("f.txt").toString();

        Run r = Run.sh(Roots.pinned(Sandbox.builder().hostRootReadOnly()), "echo evil > " + inside + "; echo rc=$?; touch " + file + "/new; echo rc=$?");

        assertThat(r.stdout().lines()).as(r.toString()).hasSize(2).allMatch(l -> l.matches("rc=[1-9]\\d*"));
        assertThat(r.stderr().lines()).as(r.toString()).hasSize(2).allMatch(l -> l.contains(EROFS));
        assertThat(Roots.snapshot(file)).isEqualTo(before);
    }

    @Test
    void aOneMegabyteTmpfsIsFullPastOneMebibyte() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Run r = Run.sh(Roots.pinned(Sandbox.builder()).rootfs(root).tmpfs("/tmp", "1M"),
                "dd if=/dev/zero of=/tmp/fill bs=4096 count=512; echo rc=$?; stat -c %s /tmp/fill");

        assertThat(r.stdout().lines().findFirst()).as(r.toString()).hasValue("rc=1");
        assertThat(r.stderr()).as(r.toString()).contains("No space left on device");
        long written = Long.parseLong(r.stdout().lines().skip(1).findFirst().orElseThrow());
        assertThat(written).as("bytes that fit").isBetween((1L << 20) - (64 << 10), 1L << 20);
    }
}
