package dev.sandbox4j.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageUnpackerTest {
    @TempDir
    Path tmp;

    /** A docker-export tar with every trick from the issue. */
    private byte[] hostileExport() throws IOException {
        return new Tars()
                .dir("bin").file("bin/sh", "#!fake", 0104755) // setuid: stripped
                .file("../escaped", "outside")
                .file("/etc/abs", "absolute name lands inside")
                .file("./etc/../../escaped2", "outside")
                .charDevice("dev/evil", 1, 3)
                .symlink("etc/abslink", "/etc/shadow")
                .symlink("linkdir", "/tmp/outside-target")
                .file("linkdir/through", "would be written through the symlink")
                .symlink("up", "..")
                .file("up/escaped3", "through a relative symlink")
                .hardlink("etc/hard", "../../etc/passwd")
                .hardlink("etc/hard2", "bin/sh")
                .finish();
    }

    @Test
    void hostileExportStaysInsideItsTarget() throws Exception {
        Path cache = tmp.resolve("cache");
        Path archive = write("export.tar", hostileExport());
        Path root = ImageUnpacker.unpack(archive, cache);

        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(cache.resolve("escaped")).doesNotExist();
        assertThat(root.getParent().resolve("escaped3")).doesNotExist();
        assertThat(Path.of("/tmp/outside-target")).doesNotExist();
        assertThat(root.resolve("etc/abs")).hasContent("absolute name lands inside");
        assertThat(root.resolve("dev/evil")).doesNotExist();
        assertThat(Files.readSymbolicLink(root.resolve("etc/abslink"))).isEqualTo(Path.of("/etc/shadow"));
        assertThat(root.resolve("etc/hard")).doesNotExist();
        assertThat(root.resolve("etc/hard2")).hasContent("#!fake");
        int mode = (Integer) Files.getAttribute(root.resolve("bin/sh"), "unix:mode");
        assertThat(mode & 07777).isEqualTo(0755);
        for (String m : List.of("proc", "dev", "sys", "tmp")) {
            assertThat(root.resolve(m)).isDirectory();
        }
        // nothing was written anywhere in tmp except the cache and the archive
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cache", "export.tar");
        }
        // only the finished tree is left in the cache, no temp dir
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.toList()).hasSize(1);
        }
    }

    @Test
    void skippedEntriesAreReported() throws Exception {
        Path into = Files.createDirectory(tmp.resolve("into"));
        List<String> skipped = ImageUnpacker.extract(write("x.tar", hostileExport()), into, false);
        assertThat(String.join("\n", skipped)).contains("../escaped: has a '..' component",
                "dev/evil: is a device node or fifo", "linkdir/through: lies under the symlink linkdir",
                "etc/hard: is a hard link");
    }

    @Test
    void secondCallReusesTheUnpackedTree() throws Exception {
        Path cache = tmp.resolve("cache");
        Path archive = write("export.tar.gz", gzip(new Tars().file("hello", "hi").finish()));
        Path first = ImageUnpacker.unpack(archive, cache);
        Files.writeString(first.resolve("marker"), "kept");
        Path second = ImageUnpacker.unpack(archive, cache);
        assertThat(second).isEqualTo(first);
        assertThat(second.resolve("marker")).exists();
        assertThat(second.resolve("hello")).hasContent("hi");
    }

    @Test
    void ociLayoutAppliesLayersWithWhiteouts() throws Exception {
        byte[] l1 = new Tars().dir("etc").file("etc/a", "a1").file("etc/b", "b1")
                .dir("opq").file("opq/old", "old").finish();
        byte[] l2 = gzip(new Tars().file("etc/.wh.b", "").file("etc/a", "a2")
                .file("opq/new", "new").file("opq/.wh..wh..opq", "").finish());
        Path oci = Files.createDirectory(tmp.resolve("oci"));
        String d1 = blob(oci, l1);
        String d2 = blob(oci, l2);
        String manifest = "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:00\"},\"layers\":["
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:" + d1 + "\"},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + d2 + "\"}]}";
        String dm = blob(oci, manifest.getBytes(StandardCharsets.UTF_8));
        Tars image = new Tars().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("index.json", "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:" + dm + "\"}]}")
                .dir("blobs").dir("blobs/sha256");
        for (String d : List.of(d1, d2, dm)) {
            image.file("blobs/sha256/" + d, Files.readAllBytes(oci.resolve("blobs/sha256/" + d)));
        }
        Path root = ImageUnpacker.unpack(write("image.tar", image.finish()), tmp.resolve("cache"));

        assertThat(root.resolve("etc/a")).hasContent("a2");
        assertThat(root.resolve("etc/b")).doesNotExist();
        assertThat(root.resolve("etc/.wh.b")).doesNotExist();
        assertThat(root.resolve("opq/old")).doesNotExist();
        assertThat(root.resolve("opq/new")).hasContent("new");
        assertThat(root.resolve("oci-layout")).doesNotExist();
    }

    @Test
    void dockerSaveManifestIsUnderstood() throws Exception {
        byte[] layer = new Tars().file("greeting", "hello").finish();
        byte[] archive = new Tars().dir("abc").file("abc/layer.tar", layer)
                .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[],\"Layers\":[\"abc/layer.tar\"]}]")
                .finish();
        Path root = ImageUnpacker.unpack(write("save.tar", archive), tmp.resolve("cache"));
        assertThat(root.resolve("greeting")).hasContent("hello");
        assertThat(root.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void failedUnpackLeavesNothingInTheCache() throws Exception {
        byte[] archive = new Tars().file("manifest.json", "[{\"Layers\":[\"../../etc/passwd\"]}]").finish();
        Path cache = tmp.resolve("cache");
        try {
            ImageUnpacker.unpack(write("bad.tar", archive), cache);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("../../etc/passwd");
        }
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(tmp.resolve(name), b);
    }

    private static String blob(Path oci, byte[] content) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Path dir = Files.createDirectories(oci.resolve("blobs/sha256"));
        Files.write(dir.resolve(hex), content);
        assertThat(Files.isRegularFile(dir.resolve(hex), LinkOption.NOFOLLOW_LINKS)).isTrue();
        return hex;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(b);
        }
        return bytes.toByteArray();
    }
}
