package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts one tar (a rootfs or an image layer) into a private directory
 * without ever writing outside it:
 * <ul>
 * <li>names are made relative ("/etc/x" and "./etc/x" mean "etc/x"); a name
 *     with a ".." component is skipped;</li>
 * <li>no symlink is ever followed: an entry whose parent is a symlink is
 *     skipped, and an existing entry is replaced, not written through;</li>
 * <li>symlinks are kept as they are, absolute ones too: the shim resolves
 *     them inside the new root at run time;</li>
 * <li>hard links must point at an earlier non-directory entry inside the
 *     tree, reached without symlinks;</li>
 * <li>device nodes and fifos are skipped (logged): Java cannot mknod and
 *     the sandbox gets its own /dev;</li>
 * <li>setuid and setgid bits are stripped: the tree belongs to the host
 *     user who unpacked it (a setuid file in a root-owned cache would be a
 *     host hazard), and the sandbox runs with no_new_privs anyway;
 *     ownership is not restored for the same reason.</li>
 * </ul>
 * Every entry and every byte written is counted against the unpack's
 * {@link UnpackBudget} (entries, bytes, path depth and length, compression
 * ratio); beyond a limit the whole unpack fails.
 * With {@code whiteouts} (image layers), OCI whiteouts delete what earlier
 * layers wrote: ".wh.name" removes name, ".wh..wh..opq" empties its
 * directory of everything earlier layers put there.
 * The target is private to this process (a fresh temp dir), so checking
 * then acting is not racy.
 */
final class LayerApplier {
    private static final System.Logger LOG = System.getLogger(LayerApplier.class.getName());
    private static final String WH = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path root;
    private final boolean whiteouts;
    private final UnpackBudget budget;
    private final Set<String> written = new HashSet<>();
    private final Map<String, Integer> dirModes = new TreeMap<>();
    private final List<String> skipped = new ArrayList<>();

    LayerApplier(Path root, boolean whiteouts, UnpackBudget budget) {
        this.root = root;
        this.whiteouts = whiteouts;
        this.budget = budget;
    }

    /** Entries left out, each with the reason (for tests and logs). */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    void apply(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry e;
        int entries = 0;
        while ((e = budget.nextEntry(in, entries > 0)) != null) {
            entries++;
            String rel = relative(e.getName());
            budget.entry(e.getName(), rel == null ? e.getName() : rel,
                    e.isSymbolicLink() || e.isLink() ? e.getLinkName() : null);
            if (rel == null) {
                skip(e.getName(), "has a '..' component");
            } else if (!rel.isEmpty()) {
                entry(e, rel, in);
            }
        }
        if (entries == 0) {
            // commons-compress reads garbage as an empty tar; an empty root is never what was meant
            throw new IOException("not a tar archive, or an empty one");
        }
        // directory modes last, so a 0555 directory did not block its own entries
        for (var d : dirModes.entrySet()) {
            Path p = root.resolve(d.getKey());
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.setAttribute(p, "unix:mode", d.getValue() & 01777, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private void entry(TarArchiveEntry e, String rel, InputStream in) throws IOException {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        String parentRel = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        if (!parentUsable(parentRel, e.getName())) {
            return;
        }
        Path target = root.resolve(rel);
        if (whiteouts && name.equals(OPAQUE)) {
            emptyDirectory(root.resolve(parentRel), parentRel);
            return;
        }
        if (whiteouts && name.startsWith(WH)) {
            String gone = (parentRel.isEmpty() ? "" : parentRel + "/") + name.substring(WH.length());
            TempTree.delete(root.resolve(gone));
            return;
        }
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                TempTree.delete(target);
                Files.createDirectory(target);
            }
            dirModes.put(rel, e.getMode());
        } else if (e.isSymbolicLink()) {
            TempTree.delete(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            hardLink(e, rel, target);
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            skip(e.getName(), "is a device node or fifo");
            return;
        } else if (e.isFile()) {
            TempTree.delete(target);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                budget.copy(in, out);
            }
            Files.setAttribute(target, "unix:mode", e.getMode() & 0777, LinkOption.NOFOLLOW_LINKS);
        } else {
            skip(e.getName(), "is of an unsupported type " + e.getLinkFlag());
            return;
        }
        written.add(rel);
    }

    /** Every parent must be a real directory inside the root; missing ones are created. */
    private boolean parentUsable(String parentRel, String shown) throws IOException {
        Path p = root;
        for (String c : TargetPath.components("/" + parentRel)) {
            p = p.resolve(c);
            if (Files.isSymbolicLink(p)) {
                skip(shown, "lies under the symlink " + root.relativize(p));
                return false;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                skip(shown, "lies under the non-directory " + root.relativize(p));
                return false;
            }
        }
        return true;
    }

    private void hardLink(TarArchiveEntry e, String rel, Path target) throws IOException {
        String to = relative(e.getLinkName());
        if (to == null || to.isEmpty()) {
            skip(e.getName(), "is a hard link to " + e.getLinkName() + ", outside the tree");
            return;
        }
        String toParent = to.contains("/") ? to.substring(0, to.lastIndexOf('/')) : "";
        Path src = root.resolve(to);
        if (!noSymlinkOnWay(toParent) || !Files.exists(src, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            skip(e.getName(), "is a hard link to " + e.getLinkName() + ", not an earlier file of the tree");
            return;
        }
        TempTree.delete(target);
        Files.createLink(target, src);
        written.add(rel);
    }

    private boolean noSymlinkOnWay(String rel) {
        Path p = root;
        for (String c : TargetPath.components("/" + rel)) {
            p = p.resolve(c);
            if (Files.isSymbolicLink(p)) {
                return false;
            }
        }
        return true;
    }

    /** Opaque directory: drop what earlier layers put there, keep this layer's entries. */
    private void emptyDirectory(Path dir, String dirRel) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var children = Files.list(dir)) {
            for (Path c : children.toList()) {
                String rel = (dirRel.isEmpty() ? "" : dirRel + "/") + c.getFileName();
                if (!written.contains(rel)) {
                    TempTree.delete(c);
                }
            }
        }
    }

    private void skip(String name, String why) {
        skipped.add(name + ": " + why);
        LOG.log(Level.INFO, "rootfs archive entry {0} skipped: it {1}", name, why);
    }

    /** "./a//b/" -> "a/b"; "/" or "." -> ""; null when a component is "..". */
    static String relative(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.equals("..")) {
                return null;
            }
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return String.join("/", out);
    }
}
