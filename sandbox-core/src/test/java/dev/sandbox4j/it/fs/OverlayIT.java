package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.FileChange;
import dev.sandbox4j.FileChange.Kind;
import dev.sandbox4j.fs.OverlayDiff;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A program that creates, edits and deletes in an overlay: three changes, lowers untouched. */
class OverlayIT {
    private static final String CREATE_EDIT_DELETE = "echo new > /etc/added && echo v2 >> /etc/config && rm /etc/old"
            + " && cat /etc/config && ls /etc";

    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    @TempDir
    Path tmp;

    @Test
    void anOverlayRootReportsExactlyTheThreeChangesAndLeavesTheLowersAlone() throws Exception {
        Path layers = Roots.dir(Roots.open(tmp).resolve("layers"));
        Path base = Roots.busybox(layers.resolve("base"));
        Roots.write(base.resolve("etc/old"), "old\n");
        Roots.write(base.resolve("etc/config"), "v0\n");
        Path top = Roots.dir(layers.resolve("top"));
        Roots.write(top.resolve("etc/config"), "v1\n");
        Roots.write(top.resolve("etc/keep"), "keep\n");
        Path upper = Roots.dir(layers.resolve("upper"));
        for (Path p : List.of(base, top, upper)) {
            Roots.giveToRootInside(p); // root inside may write what it owns, nothing else
        }
        Map<String, String> baseBefore = Roots.snapshot(base);
        Map<String, String> topBefore = Roots.snapshot(top);

        Run r = Run.sh(Roots.pinned(Sandbox.builder()).overlayRoot(List.of(top, base), upper), CREATE_EDIT_DELETE);

        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        assertThat(r.stdout()).isEqualTo("v1\nv2\nadded\nconfig\nkeep\n");
        assertThat(r.result().changes()).containsExactly(new FileChange(Kind.ADDED, "/etc/added"),
                new FileChange(Kind.MODIFIED, "/etc/config"), new FileChange(Kind.DELETED, "/etc/old"));
        assertThat(Roots.snapshot(base)).isEqualTo(baseBefore);
        assertThat(Roots.snapshot(top)).isEqualTo(topBefore);
        assertThat(listing(layers)).as("the overlay's work dir is gone").containsExactly("base", "top", "upper");
    }

    @Test
    void anOverlayAtAPathKeepsTheWritesInItsUpperAndLeavesTheLowerAlone() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Files.createDirectory(root.resolve("work"));
        Path layers = Roots.dir(tmp.resolve("layers"));
        Path lower = Roots.dir(layers.resolve("lower"));
        Roots.write(lower.resolve("etc/old"), "old\n");
        Roots.write(lower.resolve("etc/config"), "v1\n");
        Path upper = Roots.dir(layers.resolve("upper"));
        Roots.giveToRootInside(lower);
        Roots.giveToRootInside(upper);
        Map<String, String> lowerBefore = Roots.snapshot(lower);

        Run r = Run.sh(Roots.pinned(Sandbox.builder()).rootfs(root).overlay(List.of(lower), upper, "/work"),
                CREATE_EDIT_DELETE.replace("/etc", "/work/etc") + "; touch /outside; echo rc=$?");

        assertThat(r.stdout()).as(r.toString()).isEqualTo("v1\nv2\nadded\nconfig\nrc=1\n");
        assertThat(r.stderr()).as("the root around the overlay stays read-only").contains("Read-only file system");
        assertThat(OverlayDiff.changes(upper, List.of(lower))).extracting(Object::toString).containsExactly(
                "A /etc/added", "M /etc/config", "D /etc/old");
        assertThat(upper.resolve("etc/config")).hasContent("v1\nv2");
        assertThat(Roots.snapshot(lower)).isEqualTo(lowerBefore);
        assertThat(listing(layers)).as("the overlay's work dir is gone").containsExactly("lower", "upper");
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
