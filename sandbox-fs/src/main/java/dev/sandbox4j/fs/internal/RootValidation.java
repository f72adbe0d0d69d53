package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.RootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks a root source and overlay layers before anything is created. */
public final class RootValidation {
    private RootValidation() {}

    public static void check(RootSource source) {
        switch (source) {
            case null -> throw new IllegalArgumentException("root source is null; use RootSource.minimalHost()"
                    + " or RootSource.directory(dir, writable)");
            case RootSource.MinimalHost m -> { }
            case RootSource.Directory d -> {
                RootfsCheck.check(requireDir("rootfs", d.dir()));
                if (d.writable()) {
                    WritableBindCheck.checkRoot(d.dir());
                }
            }
            case RootSource.HostReadOnly h -> { }
            case RootSource.Overlay o -> {
                checkOverlay("overlay root", o.lowers(), o.upper());
                o.lowers().forEach(RootfsCheck::check);
                RootfsCheck.check(o.upper());
            }
            case RootSource.Tar t -> {
                if (t.archive() == null || !Files.isRegularFile(t.archive())) {
                    throw new IllegalArgumentException("rootfs archive " + t.archive()
                            + " is not a readable file; give a docker export, docker save or OCI layout tar");
                }
                if (t.cacheDir() == null) {
                    throw new IllegalArgumentException("rootfs archive " + t.archive() + " needs a cache directory");
                }
            }
        }
    }

    public static void checkOverlay(String what, List<Path> lowers, Path upper) {
        if (lowers == null || lowers.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one lower directory");
        }
        lowers.forEach(l -> requireDir(what + " lower", l));
        requireDir(what + " upper", upper);
        Path u = upper.toAbsolutePath().normalize();
        for (Path l : lowers) {
            Path n = l.toAbsolutePath().normalize();
            if (n.startsWith(u) || u.startsWith(n)) {
                throw new IllegalArgumentException(what + ": upper " + upper + " and lower " + l
                        + " overlap; they must be separate directory trees");
            }
        }
    }

    static Path requireDir(String what, Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " " + dir + " is not an existing directory");
        }
        return dir;
    }
}
