package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void createsStagingScratchAndWorkDirsAndRemovesThemAll() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Path lower = Files.createDirectory(layers.resolve("lower"));
        Path upper = Files.createDirectory(layers.resolve("upper"));
        MountPlan plan = MountPlan.builder()
                .root(RootSource.overlay(List.of(lower), upper))
                .file("/etc/hosts", "127.0.0.1 box\n".getBytes(StandardCharsets.UTF_8), 0644)
                .build();
        PreparedMounts m = plan.prepare(base, -1, -1);
        assertThat(m.staging()).isEmptyDirectory();
        assertThat(m.scratch()).get().satisfies(p -> assertThat(p).isEmptyDirectory());
        assertThat(m.scratchBytes()).isGreaterThan(4096);
        PreparedRoot.Overlay root = (PreparedRoot.Overlay) m.root();
        assertThat(root.work().getParent()).isEqualTo(layers);
        assertThat(m.rootUpper()).contains(upper.toAbsolutePath());
        // overlayfs leaves work/work with mode 000 behind
        Path w = Files.createDirectory(root.work().resolve("work"));
        Files.createDirectory(w.resolve("index"));
        Files.setPosixFilePermissions(w, java.util.Set.of());

        m.close();
        assertThat(base).isEmptyDirectory();
        try (Stream<Path> s = Files.list(layers)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("lower", "upper");
        }
    }

    @Test
    void failedPreparationLeavesNothing() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Path archive = Files.writeString(tmp.resolve("not-a-tar"), "garbage that is no tar at all");
        MountPlan plan = MountPlan.builder().root(RootSource.fromTar(archive, tmp.resolve("cache"))).build();
        assertThatThrownBy(() -> plan.prepare(base, -1, -1)).isNotNull();
        assertThat(base).isEmptyDirectory();
    }

    @Test
    void hostRootIsBoundReadOnlyAtOnce() throws Exception {
        try (PreparedMounts m = MountPlan.builder().build().prepare(tmp, -1, -1)) {
            assertThat(m.root()).isEqualTo(new PreparedRoot.Bind(Path.of("/"), true, false));
            assertThat(m.scratch()).isEmpty();
        }
        assertThat(tmp).isEmptyDirectory();
    }
}
