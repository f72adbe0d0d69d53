package dev.sandbox4j.internal.spec;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.RootSource;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything is spawned, that the command names a program the
 * sandbox will find: in its PATH, or at its path, inside the root it gets.
 */
public final class ProgramLookup {
    private static final int MAX_LINKS = 40;

    private ProgramLookup() {}

    /**
     * @param root the sandbox's root source, or null when it keeps the host's root
     * @return the command, unchanged
     */
    public static List<String> check(List<String> command, String path, String workDir, RootSource root) {
        return check(command, path, workDir, root, List.of());
    }

    /**
     * As {@link #check(List, String, String, RootSource)}, also finding programs that {@code steps} mount
     * into the root (a bound host file or directory; under other mounts the program cannot be seen ahead).
     */
    public static List<String> check(List<String> command, String path, String workDir, RootSource root,
            List<MountStep> steps) {
        if (command == null || command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalStateException("command is empty: give the program and its arguments, "
                    + "e.g. command(\"/bin/sh\", \"-c\", \"echo hi\")");
        }
        for (String arg : command) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command argument '" + arg.replace("\0", "\\0")
                        + "' contains a NUL byte");
            }
        }
        String prog = command.get(0);
        if (root instanceof RootSource.Tar) {
            return new ArrayList<>(command); // a tar root exists only once unpacked: the shim reports it then
        }
        List<Path> roots = lookupRoots(root);
        String where = root instanceof RootSource.HostReadOnly || root == null ? ""
                : root instanceof RootSource.MinimalHost ? " in the sandbox's minimal root (of the host only /usr, /etc,"
                        + " /bin, /sbin and /lib*)" : " in the root filesystem " + roots;
        if (prog.indexOf('/') < 0) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && existsInside(roots, steps, dir + "/" + prog, 0)) {
                    return new ArrayList<>(command);
                }
            }
            throw new IllegalArgumentException("program '" + prog + "' is not found in the sandbox's PATH=" + path
                    + where + ": give an absolute path or set PATH with env(\"PATH\", ...)" + bindHint(root, null));
        }
        String inside = prog.startsWith("/") ? prog : (workDir == null ? "/" : workDir) + "/" + prog;
        if (!existsInside(roots, steps, inside, 0)) {
            throw new IllegalArgumentException("program '" + prog + "' is not found: " + inside + " does not exist"
                    + where + "; give an absolute path of a program inside the sandbox" + bindHint(root, inside));
        }
        return new ArrayList<>(command);
    }

    /** How to bring a host program into the minimal root, which holds nothing of the host unless bound. */
    private static String bindHint(RootSource root, String inside) {
        if (!(root instanceof RootSource.MinimalHost)) {
            return "";
        }
        Path parent = inside == null ? null : Path.of(inside).normalize().getParent();
        String dir = parent == null || parent.getNameCount() == 0 ? "DIR" : parent.toString();
        return ", or bring its directory in with bindReadOnly(Path.of(\"" + dir + "\"), \"" + dir
                + "\") (or choose hostRootReadOnly(), which exposes every host file the sandbox may read)";
    }

    /** The host directories the sandbox's root is made of, top-most first (the minimal root's come from steps). */
    private static List<Path> lookupRoots(RootSource root) {
        return switch (root) {
            case null -> List.of(Path.of("/"));
            case RootSource.MinimalHost m -> List.of();
            case RootSource.HostReadOnly h -> List.of(Path.of("/"));
            case RootSource.Directory d -> List.of(d.dir());
            case RootSource.Overlay o -> {
                List<Path> all = new ArrayList<>();
                all.add(o.upper());
                all.addAll(o.lowers());
                yield all;
            }
            case RootSource.Tar t -> List.of();
        };
    }

    /**
     * Whether {@code inside} exists in one of the roots or mounts; its last component may be a symlink,
     * and a symlink step on its way ({@code /bin -> usr/bin}) is followed, at most {@value #MAX_LINKS} deep.
     */
    private static boolean existsInside(List<Path> roots, List<MountStep> steps, String inside, int links) {
        Path in = Path.of(inside).normalize();
        for (MountStep step : steps.reversed()) { // the last mount over a path is the one seen
            Path target = Path.of(step.target());
            if (!in.startsWith(target)) {
                continue;
            }
            String rest = target.relativize(in).toString();
            switch (step) {
                case MountStep.Bind b -> {
                    return Files.isExecutable(rest.isEmpty() ? b.source() : b.source().resolve(rest));
                }
                case MountStep.File f -> {
                    return rest.isEmpty();
                }
                case MountStep.Symlink l -> {
                    if (links >= MAX_LINKS) {
                        return false; // a loop: exec would fail with ELOOP
                    }
                    Path base = l.linkTarget().startsWith("/") ? Path.of("/") : target.getParent();
                    return existsInside(roots, steps, base.resolve(l.linkTarget()).resolve(rest).toString(), links + 1);
                }
                case MountStep.Overlay o -> {
                    return existsInside(o.lowers(), List.of(), "/" + rest, 0)
                            || Files.exists(o.upper().resolve(rest), LinkOption.NOFOLLOW_LINKS);
                }
                case MountStep.Tmpfs t -> {
                    return false; // starts empty: the host's files at that path are hidden
                }
                case MountStep.Mask m -> {
                    return false;
                }
                case MountStep.Proc p -> {
                    return false;
                }
                case MountStep.Sysfs y -> {
                    return false;
                }
                case MountStep.Devpts d -> {
                    return false;
                }
                case MountStep.Mqueue q -> {
                    return false;
                }
                default -> {
                    // other steps do not provide programs: look further down
                }
            }
        }
        for (Path r : roots) {
            Path p = r.resolve(inside.replaceFirst("^/+", ""));
            if (r.equals(Path.of("/")) ? Files.isExecutable(p) : Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }
}
