package dev.sandbox4j.it.fs;

import dev.sandbox4j.SandboxBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Root filesystems built in the test from Debian's busybox-static, and what
 * the tests compare them by. As root, root inside maps to the host's nobody,
 * so everything here is world-readable: JUnit's @TempDir alone is 0700.
 */
final class Roots {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "dd", "touch", "rm", "mkdir", "stat",
            "test", "grep", "wc", "id", "readlink", "printf", "head", "tr", "true", "false", "sed", "pwd");
    /** The host id that root inside maps to: nobody when the test runs as root, the caller otherwise. */
    /** As root, the host id range the tests that own files as root inside pin (see {@link #pinned}). */
    static final long PINNED_RANGE = 2_900_000_000L;
    static final int ROOT_INSIDE = euid() == 0 ? (int) PINNED_RANGE : euid();

    /**
     * As root, each sandbox gets a host id range of its own: pin it to {@link #PINNED_RANGE}, a range of
     * one slot, so files given to {@link #ROOT_INSIDE} belong to root inside (a no-op rootless).
     */
    static SandboxBuilder pinned(SandboxBuilder b) {
        return euid() == 0 ? b.hostIdRange(PINNED_RANGE, 65536) : b;
    }

    private Roots() {}

    static int euid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a (JUnit 0700) directory world-readable so the sandbox's root can reach below it. */
    static Path open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static Path dir(Path dir) throws IOException {
        return open(Files.createDirectories(dir));
    }

    /** {@code dir} with bin/busybox, applet links in bin and empty proc, dev, tmp, sys. */
    static Path busybox(Path dir) throws IOException {
        dir(dir);
        Path bin = dir(dir.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "dev", "tmp", "sys")) {
            dir(dir.resolve(d));
        }
        return dir;
    }

    static void write(Path file, String content) throws IOException {
        dir(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Gives a tree to the id root inside maps to, so the sandbox's root may write it (a no-op rootless). */
    static void giveToRootInside(Path tree) throws IOException {
        if (euid() != 0) {
            return;
        }
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:uid", ROOT_INSIDE, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", ROOT_INSIDE, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Every entry below {@code tree}: type, mode, owner, size, mtime and content hash or link target. */
    static Map<String, String> snapshot(Path tree) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "dir" : a.isRegularFile() ? "file " + a.size() + " " + sha256(p) : "other";
                out.put(tree.relativize(p).toString(), what + " " + PosixFilePermissions.toString(a.permissions())
                        + " " + a.owner().getName() + ":" + a.group().getName() + " " + a.lastModifiedTime());
            }
        }
        return out;
    }

    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
