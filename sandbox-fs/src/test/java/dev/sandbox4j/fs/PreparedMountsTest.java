package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.fs.internal.Preparation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedMountsTest {
    @TempDir
    Path tmp;

    @Test
    void createsOnlyOverlayWorkDirsAndRemovesThemAll() throws Exception {
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Path lower = Files.createDirectory(layers.resolve("lower"));
        Path upper = Files.createDirectory(layers.resolve("upper"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path dataUpper = Files.createDirectory(data.resolve("upper"));
        MountPlan plan = MountPlan.builder()
                .root(RootSource.overlay(List.of(lower), upper))
                .overlay(List.of(lower), dataUpper, "/data")
                .file("/etc/hosts", "127.0.0.1 box\n".getBytes(StandardCharsets.UTF_8), 0644)
                .build();
        PreparedMounts m = plan.prepare();
        assertThat(m.scratchBytes()).isGreaterThan(4096);
        assertThat(m.base()).isEqualTo(Preparation.base(Preparation.BASE_CANDIDATES));
        PreparedRoot.Overlay root = (PreparedRoot.Overlay) m.root();
        assertThat(root.work().getParent()).isEqualTo(layers.toRealPath());
        assertThat(m.rootUpper()).contains(upper.toRealPath());
        MountStep.Overlay step = m.steps().stream().filter(MountStep.Overlay.class::isInstance)
                .map(MountStep.Overlay.class::cast).findFirst().orElseThrow();
        assertThat(m.workDir(step)).isEmptyDirectory().hasParent(data.toRealPath());
        assertThat(m.cleanup()).containsExactlyInAnyOrder(root.work(), m.workDir(step));
        // overlayfs leaves work/work with mode 000 behind
        Path w = Files.createDirectory(root.work().resolve("work"));
        Files.createDirectory(w.resolve("index"));
        Files.setPosixFilePermissions(w, java.util.Set.of());

        m.close();
        assertThat(list(layers)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("lower", "upper");
        assertThat(list(data)).extracting(p -> p.getFileName().toString()).containsExactly("upper");
    }

    @Test
    void rootDirsAreResolvedToTheirRealPathsAndBindSourcesKeptAsGiven() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/data"));
        Path file = Files.writeString(real.resolve("f"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real")); // absolute target
        Path rootfs = Files.createDirectories(tmp.resolve("real/rootfs"));
        MountPlan plan = MountPlan.builder().defaultMounts(false).defaultMasks(false)
                .root(RootSource.directory(link.resolve("rootfs"), false))
                .bind(tmp.resolve("real/./data"), "/data")
                .bindReadOnly(file, "/f")
                .build();
        try (PreparedMounts m = plan.prepare()) {
            assertThat(m.root()).isEqualTo(new PreparedRoot.Bind(rootfs.toRealPath(), false, true));
            assertThat(m.steps()).containsExactly(new MountStep.Bind(real, "/data", false),
                    new MountStep.Bind(file, "/f", true));
            assertThat(m.plan()).isSameAs(plan);
            assertThat(m.scratchBytes()).isZero();
            assertThat(m.cleanup()).isEmpty();
        }
    }

    @Test
    void aHostPathThatVanishedAfterValidationFailsThePreparation() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        MountPlan plan = MountPlan.builder().bind(data, "/data").build();
        Files.delete(data);
        assertThatThrownBy(plan::prepare).hasMessageContaining(data.toString());
    }

    @Test
    void failedPreparationLeavesNothing() throws Exception {
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Path lower = Files.createDirectory(layers.resolve("lower"));
        Path upper = Files.createDirectory(layers.resolve("upper"));
        Path archive = Files.writeString(tmp.resolve("not-a-tar"), "garbage that is no tar at all");
        // the overlay step's work dir is made before the tar root fails
        MountPlan plan = MountPlan.builder().root(RootSource.fromTar(archive, tmp.resolve("cache")))
                .overlay(List.of(lower), upper, "/data").build();
        assertThatThrownBy(plan::prepare).isNotNull();
        assertThat(list(layers)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("lower", "upper");
    }

    @Test
    void aSymlinkPlantedInABindSourceAfterBuildFailsThePreparationNamingIt() throws Exception {
        Path build = Files.createDirectories(tmp.resolve("work/build"));
        Path home = Files.createDirectory(tmp.resolve("home"));
        MountPlan plan = MountPlan.builder().bindReadOnly(build, "/build").build();
        Files.delete(build);
        Files.createSymbolicLink(build, home);
        assertThatThrownBy(plan::prepare).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindReadOnly source " + build + " for /build has a symbolic link on its path: "
                        + build + " -> " + home);
    }

    @Test
    void aBindSourceGoneAfterBuildFailsThePreparationNamingItAfterASiblingPassed() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path kept = Files.createDirectory(work.resolve("kept"));
        Path gone = Files.createDirectory(work.resolve("gone"));
        MountPlan plan = MountPlan.builder().bindReadOnly(kept, "/kept").bindReadOnly(gone, "/gone").build();
        Files.delete(gone);
        assertThatThrownBy(plan::prepare).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining(gone.toString()).hasMessageContaining("bind source for /gone no longer exists");
    }

    @Test
    void theDefaultRootIsATmpfsMadeReadOnlyAtTheEndAndNothingIsCreated() throws Exception {
        try (PreparedMounts m = MountPlan.builder().build().prepare()) {
            assertThat(m.root()).isEqualTo(new PreparedRoot.Tmpfs(1L << 20, 1024));
            assertThat(m.scratchBytes()).isZero();
            assertThat(m.cleanup()).isEmpty();
        }
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void hostRootIsBoundReadOnlyAtOnceAndNothingIsCreated() throws Exception {
        try (PreparedMounts m = MountPlan.builder().root(RootSource.hostReadOnly()).build().prepare()) {
            assertThat(m.root()).isEqualTo(new PreparedRoot.Bind(Path.of("/"), true, false));
            assertThat(m.scratchBytes()).isZero();
            assertThat(m.cleanup()).isEmpty();
        }
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void theBaseIsTheFirstCandidateThatIsARealDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThat(Preparation.base(List.of(tmp.resolve("missing"), link, file, dir))).isEqualTo(dir);
        assertThatThrownBy(() -> Preparation.base(List.of(tmp.resolve("missing"), link, file)))
                .hasMessageContaining("no host directory to mount the sandbox's private base tmpfs on")
                .hasMessageContaining(link.toString()).hasMessageContaining("symlink");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
