package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.fs.ImageLimits;
import dev.sandbox4j.fs.RootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar-root limits of the public API reach the unpack, and bad ones are named. */
class UnpackLimitsTest {

    @Test
    void defaultsAreTheUnpacksDefaults() {
        assertThat(UnpackLimits.defaults().toImageLimits()).isEqualTo(ImageLimits.defaults());
    }

    @Test
    void aBoundOutOfRangeIsNamed() {
        assertThatThrownBy(() -> UnpackLimits.defaults().withMaxPathBytes(4000))
                .hasMessageContaining("UnpackLimits maxPathBytes 4000").hasMessageContaining("1..3072");
        assertThatThrownBy(() -> UnpackLimits.defaults().withMaxEntries(0))
                .hasMessageContaining("UnpackLimits maxEntries 0 must be positive");
    }

    @Test
    void limitsGivenToTheBuilderReachTheRootSource(@TempDir Path dir) throws Exception {
        Path tar = Files.createFile(dir.resolve("image.tar"));
        UnpackLimits limits = UnpackLimits.defaults().withMaxBytes(1L << 20).withMaxDepth(7);
        var spec = Sandbox.builder().rootfsFromTar(tar, limits).command("/bin/true").build(0, 0).spec();
        assertThat(spec.mounts().root()).isInstanceOfSatisfying(RootSource.Tar.class,
                t -> assertThat(t.limits()).isEqualTo(limits.toImageLimits()));
    }
}
