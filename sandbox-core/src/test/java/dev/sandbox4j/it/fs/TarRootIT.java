package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile docker-export-style tar: it unpacks into the cache without
 * writing anywhere else, and the root it makes runs busybox.
 */
class TarRootIT {
    private static final String XDG = System.getenv("XDG_CACHE_HOME");

    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    @TempDir
    Path tmp;

    /**
     * Where rootfsFromTar unpacks: $XDG_CACHE_HOME/sandbox4j/rootfs, else as root
     * /var/cache/sandbox4j/rootfs (root inside is the host's nobody, who cannot
     * enter a 0700 /root), else ~/.cache/sandbox4j/rootfs.
     */
    private Path cache;
    private final List<Path> unpacked = new ArrayList<>();

    @BeforeEach
    void findTheCache() {
        Path base = XDG != null && !XDG.isEmpty() ? Path.of(XDG, "sandbox4j")
                : Roots.euid() == 0 ? Path.of("/var/cache/sandbox4j")
                : Path.of(System.getProperty("user.home"), ".cache", "sandbox4j");
        cache = base.resolve("rootfs");
    }

    @AfterEach
    void removeWhatTheTestsUnpacked() throws IOException {
        for (Path p : unpacked) {
            Roots.deleteTree(p);
        }
    }

    @Test
    void aHostileExportUnpacksOnlyIntoItsTargetAndItsRootRunsBusybox() throws Exception {
        String marker = "sandbox4j-escaped-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path outside = Roots.dir(Roots.open(tmp).resolve("outside"));
        Path archive = tmp.resolve("export.tar");
        try (Tar t = new Tar(archive)) {
            t.dir("./").dir("bin/").file("bin/busybox", Files.readAllBytes(Roots.BUSYBOX), 0755)
                    .symlink("bin/sh", "busybox").symlink("bin/cat", "busybox").symlink("bin/readlink", "busybox")
                    .symlink("bin/ls", "/bin/busybox") // absolute: must resolve inside the new root
                    .dir("etc/").file("etc/hostname", "from-tar\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .symlink("etc/host-etc", "/etc")
                    .file("etc/host-etc/" + marker, "evil".getBytes(StandardCharsets.UTF_8), 0644)
                    .symlink("escape", outside.toString())
                    .file("escape/" + marker, "evil".getBytes(StandardCharsets.UTF_8), 0644)
                    .device("dev/sda", TarConstants.LF_BLK, 8, 0).device("dev/evil-mem", TarConstants.LF_CHR, 1, 1);
            for (int depth = 1; depth <= 4; depth++) {
                t.file("../".repeat(depth) + marker, "evil".getBytes(StandardCharsets.UTF_8), 0644);
            }
        }
        assertThat(Tar.names(archive)).as("the archive really holds the hostile entries")
                .contains("../" + marker, "../../../../" + marker, "dev/sda", "escape/" + marker);
        Set<String> cacheBefore = listing(cache);
        Path rootfs = cache.resolve("sha256-" + Roots.sha256(archive)).resolve("rootfs");
        unpacked.add(rootfs.getParent());

        Run r = Run.sh(Sandbox.builder().rootfsFromTar(archive),
                "ls /; echo ---; cat /etc/hostname; readlink /etc/host-etc; ls /etc/host-etc; ls /dev");

        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        String[] parts = r.stdout().split("---\n", 2);
        assertThat(parts[0].lines()).as(r.toString()).containsExactly("bin", "dev", "escape", "etc", "proc", "sys",
                "tmp");
        assertThat(parts[1]).as(r.toString()).startsWith("from-tar\n/etc\nhost-etc\nhostname\n")
                .doesNotContain("sda").doesNotContain("evil-mem");

        // the tree landed in the cache, under its content hash, and nothing else changed there
        Set<String> cacheAfter = listing(cache);
        cacheAfter.removeAll(cacheBefore);
        assertThat(cacheAfter).containsExactly(rootfs.getParent().getFileName().toString());
        assertThat(rootfs.resolve("bin/busybox")).exists();
        assertThat(rootfs.resolve("dev")).isEmptyDirectory();
        assertThat(Files.readSymbolicLink(rootfs.resolve("etc/host-etc"))).isEqualTo(Path.of("/etc"));
        // nothing written outside: above the rootfs at every depth a '../' entry reaches, nor through the links
        Path p = rootfs;
        for (int depth = 1; depth <= 4; depth++) {
            p = p.getParent();
            assertThat(p.resolve(marker)).as("../ x %d", depth).doesNotExist();
        }
        assertThat(Path.of("/etc", marker)).doesNotExist();
        assertThat(Path.of("/", marker)).doesNotExist();
        assertThat(outside).isEmptyDirectory();
        try (Stream<Path> all = Files.walk(cache.getParent())) {
            assertThat(all.filter(f -> f.getFileName().toString().equals(marker))).isEmpty();
        }

        // a second run reuses the unpacked tree
        Run again = Run.sh(Sandbox.builder().rootfsFromTar(archive), "cat /etc/hostname");
        assertThat(again.stdout()).as(again.toString()).isEqualTo("from-tar\n");
        assertThat(listing(cache)).isEqualTo(union(cacheBefore, cacheAfter));
    }

    @Test
    void aTarRootWhoseProcIsASymlinkIsRefusedBeforeSpawningNamingIt() throws Exception {
        Path archive = Roots.open(tmp).resolve("proc-link.tar");
        try (Tar t = new Tar(archive)) {
            t.dir("bin/").file("bin/busybox", Files.readAllBytes(Roots.BUSYBOX), 0755).symlink("bin/sh", "busybox")
                    .symlink("proc", "/etc");
        }
        unpacked.add(cache.resolve("sha256-" + Roots.sha256(archive)));

        assertThatThrownBy(() -> Run.sh(Sandbox.builder().rootfsFromTar(archive), "true"))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("/proc").hasMessageContaining(cache.toString())
                .hasMessageContaining("symlink");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    private static Set<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Writes entries verbatim: '../' names and absolute link targets included. */
    static final class Tar implements AutoCloseable {
        private final OutputStream file;
        private final TarArchiveOutputStream out;

        Tar(Path path) throws IOException {
            file = Files.newOutputStream(path);
            out = new TarArchiveOutputStream(file);
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setMode(040755);
            return put(e, null);
        }

        Tar file(String name, byte[] content, int mode) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setMode(0100000 | mode);
            return put(e, content);
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            return put(e, null);
        }

        Tar device(String name, byte type, int major, int minor) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            e.setMode(0660);
            return put(e, null);
        }

        private Tar put(TarArchiveEntry e, byte[] content) throws IOException {
            if (content != null) {
                e.setSize(content.length);
            }
            out.putArchiveEntry(e);
            if (content != null) {
                out.write(content);
            }
            out.closeArchiveEntry();
            return this;
        }

        static List<String> names(Path archive) throws IOException {
            List<String> names = new ArrayList<>();
            try (InputStream in = Files.newInputStream(archive);
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    names.add(e.getName());
                }
            }
            return names;
        }

        @Override
        public void close() throws IOException {
            out.finish();
            out.close();
            file.close();
        }
    }
}
