package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.fs.Change.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayDiffTest {
    @TempDir
    Path tmp;

    @Test
    void addedModifiedAndDeletedLikeDockerDiff() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/edit"), "old");
        Files.writeString(lower.resolve("etc/gone"), "x");
        Files.writeString(lower.resolve("etc/keep"), "x");
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/edit"), "new");
        Files.writeString(upper.resolve("etc/new"), "new");
        Files.createDirectories(upper.resolve("data/sub"));
        Files.writeString(upper.resolve("data/sub/f"), "x");
        whiteout(upper.resolve("etc/gone"));

        assertThat(OverlayDiff.changes(upper, List.of(lower))).containsExactly(
                new Change(Kind.ADDED, "/data"), new Change(Kind.ADDED, "/data/sub"),
                new Change(Kind.ADDED, "/data/sub/f"), new Change(Kind.MODIFIED, "/etc/edit"),
                new Change(Kind.DELETED, "/etc/gone"), new Change(Kind.ADDED, "/etc/new"));
    }

    @Test
    void opaqueDirectoryHidesTheLowerEntries() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("d"));
        Files.writeString(lower.resolve("d/a"), "x");
        Files.writeString(lower.resolve("d/b"), "x");
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path d = Files.createDirectories(upper.resolve("d"));
        Files.writeString(d.resolve("b"), "again");
        Files.writeString(d.resolve("c"), "new");
        assumeTrue(userXattr(d, "overlay.opaque", "y".getBytes(StandardCharsets.UTF_8)),
                "the temp dir's filesystem refuses user xattrs");
        assertThat(OverlayDiff.changes(upper, List.of(lower))).containsExactly(
                new Change(Kind.MODIFIED, "/d"), new Change(Kind.DELETED, "/d/a"),
                new Change(Kind.ADDED, "/d/b"), new Change(Kind.ADDED, "/d/c"));
    }

    @Test
    void xattrWhiteoutCountsAsDeletion() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Files.writeString(lower.resolve("f"), "x");
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path w = Files.writeString(upper.resolve("f"), "");
        assumeTrue(userXattr(w, "overlay.whiteout", new byte[0]), "the temp dir's filesystem refuses user xattrs");
        assertThat(OverlayDiff.changes(upper, List.of(lower))).containsExactly(new Change(Kind.DELETED, "/f"));
    }

    /** Sets user.{@code name} on {@code p} as a rootless overlayfs would; false where the filesystem refuses. */
    private static boolean userXattr(Path p, String name, byte[] value) {
        try {
            Files.getFileAttributeView(p, UserDefinedFileAttributeView.class).write(name, ByteBuffer.wrap(value));
            return true;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** overlayfs's whiteout is a 0:0 char device; only root can mknod it outside overlayfs. */
    private static void whiteout(Path p) throws Exception {
        Process mknod = new ProcessBuilder("mknod", p.toString(), "c", "0", "0").redirectErrorStream(true).start();
        boolean made = mknod.waitFor() == 0;
        assumeTrue(made, "mknod of a 0:0 whiteout needs root; run this test as root: "
                + new String(mknod.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
