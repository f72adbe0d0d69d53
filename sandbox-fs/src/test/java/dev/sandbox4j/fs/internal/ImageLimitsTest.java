package dev.sandbox4j.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.fs.ImageLimits;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.RootSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives are refused quickly, with a message naming the archive and
 * the limit to raise, and leave nothing in the cache.
 */
class ImageLimitsTest {
    @TempDir
    Path tmp;

    private Path cache() {
        return tmp.resolve("cache");
    }

    private void assertCacheEmpty() throws IOException {
        try (Stream<Path> s = Files.list(cache())) {
            assertThat(s.map(Path::getFileName).toList()).as("left in the cache").isEmpty();
        }
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(tmp.resolve(name), b);
    }

    @Test
    void gzipBombIsRefusedWithTheDefaultsInUnderFiveSeconds() throws Exception {
        byte[] bomb = Bombs.gzipOfZeroFiles(20, 1024); // 20 GiB of zeros
        assertThat(bomb.length).isLessThan(40 << 20);
        assertRefusedInUnderFiveSeconds(write("bomb.tar.gz", bomb),
                "rootfs archive bomb.tar.gz", "over 200 to 1", "ImageLimits.maxRatio");
    }

    /** With the default limits: refused quickly, naming all of {@code message}, and the cache is empty. */
    private void assertRefusedInUnderFiveSeconds(Path archive, String... message) throws IOException {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ImageUnpacker.unpack(archive, cache()))
                .isInstanceOf(IOException.class).message().contains(message);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertCacheEmpty();
    }

    @Test
    void theBombReallyExpandsAndMaxBytesStopsItToo() throws Exception {
        Path archive = write("bomb.tar.gz", Bombs.gzipOfZeroFiles(2, 64));
        ImageLimits noRatio = ImageLimits.defaults().withMaxRatio(Integer.MAX_VALUE).withMaxBytes(100L << 20);
        assertThatThrownBy(() -> ImageUnpacker.unpack(archive, cache(), noRatio))
                .hasMessageContaining("unpacks to more than " + (100L << 20) + " bytes")
                .hasMessageContaining("ImageLimits.maxBytes").hasMessageContaining("withMaxBytes");
        assertCacheEmpty();
    }

    @Test
    void archiveTwoThousandLevelsDeepIsRefusedInUnderFiveSeconds() throws Exception {
        // the unpacker would create the 2 000 parents itself (commons-compress needs ~15 ms per long-named
        // entry to write them, too slow for a unit test)
        String deep = "d/".repeat(2000) + "f";
        assertRefusedInUnderFiveSeconds(write("deep.tar", new Tars().dir("d").file(deep, "bottom").finish()),
                "rootfs archive deep.tar", "2001 components deep; at most 128", "ImageLimits.maxDepth");
    }

    @Test
    void limitsGivenWithTheRootSourceApplyWhenTheMountsArePrepared() throws Exception {
        Path archive = emptyFiles("six.tar", 6);
        MountPlan plan = MountPlan.builder()
                .root(RootSource.fromTar(archive, cache(), ImageLimits.defaults().withMaxEntries(5))).build();
        assertThatThrownBy(plan::prepare).isInstanceOf(IOException.class)
                .hasMessageContaining("rootfs archive six.tar has more than 5 entries");
        assertCacheEmpty();
        try (var prepared = MountPlan.builder().root(RootSource.fromTar(archive, cache())).build().prepare()) {
            assertThat(((dev.sandbox4j.fs.PreparedRoot.Bind) prepared.root()).dir().resolve("f5")).exists();
        }
    }

    @Test
    void aLongNameHeldInMemoryIsRefusedBeforeItIsRead() throws Exception {
        Path archive = write("longname.tar.gz", gzip(Bombs.gnuLongName(3 << 20)));
        assertRefusedInUnderFiveSeconds(archive, "rootfs archive longname.tar.gz has more than 1048576 bytes of tar"
                + " headers (a long name or PAX header) before one entry");
        // a long name within the limits is read as before
        Path fine = write("fine.tar", Bombs.gnuLongName(200));
        assertThat(ImageUnpacker.unpack(fine, cache()).resolve("n".repeat(200))).exists();
    }

    @Test
    void tooManyEntries() throws Exception {
        Path archive = emptyFiles("many.tar", 11);
        assertThatThrownBy(() -> ImageUnpacker.unpack(archive, cache(), ImageLimits.defaults().withMaxEntries(10)))
                .hasMessageContaining("rootfs archive many.tar has more than 10 entries")
                .hasMessageContaining("ImageLimits.maxEntries");
        assertCacheEmpty();
        assertThat(ImageUnpacker.unpack(archive, cache(), ImageLimits.defaults().withMaxEntries(11)))
                .isDirectory();
    }

    @Test
    void longNamesAndLinkTargets() throws Exception {
        Path longName = write("long.tar", new Tars().file("x".repeat(300), "").finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(longName, cache()))
                .hasMessageContaining("with a component of 300 bytes; Linux allows at most 255");
        assertCacheEmpty();

        String path = ("y".repeat(200) + "/").repeat(12) + "f"; // 2 413 bytes
        Path longPath = write("path.tar", new Tars().file(path, "").finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(longPath, cache()))
                .hasMessageContaining("an entry name of 2413 bytes")
                .hasMessageContaining("at most 2048").hasMessageContaining("ImageLimits.maxPathBytes");
        assertCacheEmpty();

        Path longLink = write("link.tar", new Tars().symlink("l", "/" + "z".repeat(3000)).finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(longLink, cache()))
                .hasMessageContaining("a link 'l' whose target has 3001 bytes");
        assertCacheEmpty();
    }

    @Test
    void limitsAreCheckedWhenMade() {
        assertThatThrownBy(() -> ImageLimits.defaults().withMaxDepth(0))
                .hasMessageContaining("maxDepth 0 must be positive");
        assertThatThrownBy(() -> ImageLimits.defaults().withMaxPathBytes(5000))
                .hasMessageContaining("maxPathBytes 5000 is out of range: use 1..3072");
    }

    @Test
    void manifestNestedTooDeepIsRefusedCleanly() throws Exception {
        assertThatThrownBy(() -> MiniJson.parse("[".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting deeper than 64 levels");
        Path archive = write("save.tar", new Tars().file("manifest.json", "[".repeat(100_000)).finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(archive, cache()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image file manifest.json: bad JSON at offset 64: nesting deeper than 64");
        assertCacheEmpty();
    }

    @Test
    void hostileJsonEndsInCleanErrors() {
        assertThat(MiniJson.parse("[[[[1e3, -0.5, \"a\\u00e9\\n\"]]]]").toString()).isEqualTo("[[[[1000.0, -0.5, aé\n]]]]");
        for (String[] bad : List.of(
                new String[] {"1".repeat(100_000), "number longer than 64"},
                new String[] {"--1", "'--1' is not a JSON number"},
                new String[] {"1e", "'1e' is not a JSON number"},
                new String[] {"\"\\u12", "\\u escape cut short"},
                new String[] {"\"\\uzzzz\"", "bad \\u escape 'zzzz'"},
                new String[] {"\"\\q\"", "bad escape '\\q'"},
                new String[] {"\"abc\\", "unterminated string"},
                new String[] {"{\"a\":", "unexpected end"},
                new String[] {"{1:2}", "expected '\"'"})) {
            assertThatThrownBy(() -> MiniJson.parse(bad[0])).as(bad[0].substring(0, Math.min(10, bad[0].length())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[1]);
        }
    }

    @Test
    void manifestOfTheWrongShapeOrSizeIsNamed() throws Exception {
        Path object = write("obj.tar", new Tars().file("manifest.json", "{\"Layers\":[]}").finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(object, cache()))
                .hasMessageContaining("image manifest.json is not a JSON array");
        Path empty = write("empty.tar", new Tars().file("manifest.json", "[]").finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(empty, cache()))
                .hasMessageContaining("image manifest.json is an empty array");
        Path big = write("big.tar", new Tars().file("manifest.json", " ".repeat(5 << 20) + "[]").finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(big, cache()))
                .hasMessageContaining("image file manifest.json has " + ((5 << 20) + 2) + " bytes; a manifest or index"
                        + " has at most " + (4 << 20));
        assertCacheEmpty();
    }

    @Test
    void indexThatPointsAtItselfIsNotFollowedForever() throws Exception {
        // blobs/sha256/loop is an index naming itself
        String loop = "{\"manifests\":[{\"digest\":\"sha256:loop\"}]}";
        Path archive = write("oci.tar", new Tars().file("oci-layout", "{}").file("index.json", loop)
                .dir("blobs").dir("blobs/sha256").file("blobs/sha256/loop", loop).finish());
        assertThatThrownBy(() -> ImageUnpacker.unpack(archive, cache()))
                .hasMessageContaining("image index nests more than 8 indexes");
        assertCacheEmpty();
    }

    /** A tar of {@code n} empty files f0, f1, ... */
    private Path emptyFiles(String name, int n) throws IOException {
        Tars t = new Tars();
        for (int i = 0; i < n; i++) {
            t.file("f" + i, "");
        }
        return write(name, t.finish());
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(b);
        }
        return bytes.toByteArray();
    }
}
