package dev.sandbox4j.junit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link TempRootfs} made on the host: a directory tree, or a copy of a tar archive for the sandbox to unpack.
 *
 * @param path    the root directory, or the archive
 * @param archive whether {@code path} is a tar archive
 */
record TempRoot(Path path, boolean archive) {

    /**
     * An absolute path in {@code ldd}'s output: {@code libc.so.6 => /lib/.../libc.so.6 (0x...)},
     * {@code /lib64/ld-... (0x...)}.
     */
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*|^\\s*)(/\\S+)\\s+\\(0x");

    /** Makes the root in {@code dir} (a fresh, empty directory). */
    static TempRoot make(TempRootfs spec, Path dir) throws IOException {
        if (!spec.tar().isEmpty()) {
            if (spec.binaries().length > 0 || !spec.directory().isEmpty()) {
                throw new IllegalArgumentException("@TempRootfs tar '" + spec.tar() + "' cannot be combined with "
                        + "binaries or directory: the archive is the whole root");
            }
            Path archive = dir.resolve("rootfs.tar");
            try (InputStream in = open(spec.tar())) {
                Files.copy(in, archive);
            }
            return new TempRoot(archive, true);
        }
        if (!spec.directory().isEmpty()) {
            copyTree(source(spec.directory()), dir);
        }
        for (String b : spec.binaries()) {
            Path program = hostProgram(b);
            copyFile(program, dir);
            for (Path lib : libraries(program)) {
                copyFile(lib, dir);
            }
        }
        for (String mountPoint : new String[] {"proc", "dev", "tmp"}) {
            Files.createDirectories(dir.resolve(mountPoint));
        }
        // like a host's /tmp: the sandbox's root (another host id) can make the mount points of binds under it
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        return new TempRoot(dir, false);
    }

    private static Path source(String name) throws IOException {
        URL url = Thread.currentThread().getContextClassLoader().getResource(name);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("@TempRootfs directory '" + name + "': " + e.getMessage(), e);
            }
        }
        Path p = Path.of(name).toAbsolutePath();
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("@TempRootfs directory '" + name + "' is neither a class path directory "
                    + "nor a directory (" + p + ")");
        }
        return p;
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in != null) {
            return in;
        }
        Path p = Path.of(name).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("@TempRootfs tar '" + name + "' is neither a class path resource nor a "
                    + "file (" + p + ")");
        }
        return Files.newInputStream(p);
    }

    private static Path hostProgram(String name) {
        if (name.startsWith("/")) {
            if (!Files.isExecutable(Path.of(name))) {
                throw new IllegalArgumentException("@TempRootfs binaries: '" + name + "' is not an executable file");
            }
            return Path.of(name);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalArgumentException("@TempRootfs binaries: '" + name + "' is not in the host's PATH ("
                + path + ")");
    }

    /** The shared libraries {@code program} loads, as {@code ldd} lists them; none for a static program. */
    static List<Path> libraries(Path program) throws IOException {
        Process ldd = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!ldd.waitFor(30, TimeUnit.SECONDS)) {
                ldd.destroyForcibly();
                throw new IOException("ldd " + program + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            ldd.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for ldd " + program, e);
        }
        Set<Path> libs = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            Matcher m = LDD_PATH.matcher(line);
            if (m.find()) {
                libs.add(Path.of(m.group(1)));
            }
        }
        if (ldd.exitValue() != 0 && !out.contains("not a dynamic executable") && !out.contains("statically linked")) {
            throw new IOException("ldd " + program + " failed (exit " + ldd.exitValue() + "): " + out.strip());
        }
        return new ArrayList<>(libs);
    }

    /** Copies the file {@code src} (following symlinks) to the same absolute path under {@code root}. */
    private static void copyFile(Path src, Path root) throws IOException {
        Path dst = root.resolve(src.toString().substring(1));
        Files.createDirectories(dst.getParent());
        if (!Files.exists(dst)) {
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
