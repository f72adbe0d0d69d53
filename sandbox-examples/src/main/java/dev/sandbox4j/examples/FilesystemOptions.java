package dev.sandbox4j.examples;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.FileChange;
import dev.sandbox4j.fs.OverlayDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filesystem options of {@code sandbox-run}: the root (by default a
 * minimal one holding only the host's /usr, /etc, /bin, /sbin and /lib*,
 * read-only) and what is mounted on it.
 *
 * <pre>{@code
 * sandbox-run --rootfs /srv/busybox --tmpfs /tmp:16M --ro-bind ./src /src --file /etc/hostname=box -- /bin/sh
 * sandbox-run --overlay /srv/base:/tmp/upper / --diff -- /bin/sh -c 'echo hi > /hello'
 * }</pre>
 */
public final class FilesystemOptions {
    /** The size of a {@code --tmpfs DST} given without one. */
    public static final String DEFAULT_TMPFS_SIZE = "64M";

    @Option(names = "--rootfs", paramLabel = "DIR", description = "Use DIR as the root filesystem, read-only.")
    Path rootfs;
    @Option(names = "--rootfs-tar", paramLabel = "FILE",
            description = "Root from a docker export tarball, an OCI layout or a docker save archive (cached).")
    Path rootfsTar;
    @Option(names = "--host-root-ro",
            description = "The host's whole / read-only with private /proc, /dev and /tmp, instead of the default "
                    + "minimal root (the host's /usr, /etc, /bin, /sbin, /lib* only). Exposes host unix sockets and "
                    + "FIFOs (read-only does not stop connect or open) and every file the sandbox's uid may read.")
    boolean hostRootReadOnly;
    @Option(names = "--bind", arity = "2", hideParamSyntax = true, paramLabel = "SRC DST", description = "Bind host SRC at DST, writable (no symlink may be on SRC's path).")
    List<String> binds = new ArrayList<>();
    @Option(names = "--ro-bind", arity = "2", hideParamSyntax = true, paramLabel = "SRC DST", description = "Bind host SRC at DST, read-only (no symlink may be on SRC's path).")
    List<String> roBinds = new ArrayList<>();
    @Option(names = "--tmpfs", paramLabel = "DST[:SIZE]",
            description = "A tmpfs at DST (size like 16M, default " + DEFAULT_TMPFS_SIZE + ").")
    List<String> tmpfs = new ArrayList<>();
    @Option(names = "--overlay", arity = "2", hideParamSyntax = true, paramLabel = "LOWER[:LOWER...]:UPPER DST",
            description = "An overlay at DST (/ for the root): LOWERs untouched, writes kept in UPPER.")
    List<String> overlays = new ArrayList<>();
    @Option(names = "--file", paramLabel = "DST=CONTENT", description = "A file at DST holding CONTENT.")
    List<String> files = new ArrayList<>();
    @Option(names = "--diff", description = "After exit, print an overlay's changes (A/M/D path) on stderr, one per"
            + " line; control characters and backslashes in names are escaped (\\n, \\xHH, \\\\).")
    boolean diff;

    /** Sets the root and mounts on {@code builder}, in the order the option kinds are listed. */
    public void applyTo(SandboxBuilder builder) {
        if (rootfs != null) {
            builder.rootfs(rootfs);
        }
        if (rootfsTar != null) {
            builder.rootfsFromTar(rootfsTar);
        }
        if (hostRootReadOnly) {
            builder.hostRootReadOnly();
        }
        for (int i = 0; i + 1 < overlays.size(); i += 2) {
            overlay(builder, overlays.get(i), overlays.get(i + 1));
        }
        for (int i = 0; i + 1 < binds.size(); i += 2) {
            builder.bind(Path.of(binds.get(i)), binds.get(i + 1));
        }
        for (int i = 0; i + 1 < roBinds.size(); i += 2) {
            builder.bindReadOnly(Path.of(roBinds.get(i)), roBinds.get(i + 1));
        }
        for (String spec : tmpfs) {
            int colon = spec.lastIndexOf(':');
            builder.tmpfs(colon < 0 ? spec : spec.substring(0, colon),
                    colon < 0 ? DEFAULT_TMPFS_SIZE : spec.substring(colon + 1));
        }
        for (String spec : files) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--file '" + spec + "' is not DST=CONTENT");
            }
            builder.file(spec.substring(0, eq), spec.substring(eq + 1));
        }
    }

    /**
     * What the program changed in writable overlay layers: the root's, which the
     * library reports in {@link SandboxResult#changes()}, and those of {@code --overlay}
     * mounts elsewhere, read here with {@link OverlayDiff} and listed under their DST.
     */
    public List<FileChange> changes(SandboxResult result) throws IOException {
        List<FileChange> all = new ArrayList<>(result.changes());
        for (int i = 0; i + 1 < overlays.size(); i += 2) {
            String dst = overlays.get(i + 1);
            if (dst.equals("/")) {
                continue;
            }
            List<Path> dirs = layers(overlays.get(i));
            for (var c : OverlayDiff.changes(dirs.getLast(), dirs.subList(0, dirs.size() - 1))) {
                all.add(new FileChange(FileChange.Kind.valueOf(c.kind().name()), dst.replaceAll("/+$", "") + c.path()));
            }
        }
        Collections.sort(all);
        return all;
    }

    private static void overlay(SandboxBuilder builder, String layers, String dst) {
        List<Path> dirs = layers(layers);
        List<Path> lowers = dirs.subList(0, dirs.size() - 1);
        Path upper = dirs.getLast();
        if (dst.equals("/")) {
            builder.overlayRoot(lowers, upper);
        } else {
            builder.overlay(lowers, upper, dst);
        }
    }

    /** LOWER[:LOWER...]:UPPER as paths, the upper last. */
    private static List<Path> layers(String layers) {
        List<String> dirs = Arrays.asList(layers.split(":", -1));
        if (dirs.size() < 2 || dirs.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--overlay '" + layers + "' is not LOWER[:LOWER...]:UPPER: "
                    + "give at least one lower directory and the upper (writable) one, separated by ':'");
        }
        return dirs.stream().map(Path::of).toList();
    }
}
