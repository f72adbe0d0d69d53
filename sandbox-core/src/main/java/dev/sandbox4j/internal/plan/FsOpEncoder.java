package dev.sandbox4j.internal.plan;

import static dev.sandbox4j.internal.plan.FsOp.*;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a prepared mount plan as init-role filesystem ops ({@link FsOp};
 * {@code src/main/c/wire.def} documents each payload, {@code mounts.h} the model).
 *
 * <p>Op order: make / private, pivot into a private base tmpfs on
 * {@link PreparedMounts#base()} with the host's root at {@value #OLD_ROOT},
 * build the root on {@value #NEW_ROOT} in the base, mount the scratch tmpfs
 * on {@value #SCRATCH_DIR} when files are needed, the plan's steps in order,
 * the root read-only when asked, then the pivot into the new root, which
 * detaches the base with everything on it. Nothing is created on the host.
 * The default root's tmpfs goes without a base where {@link BaselessRoot}
 * allows: straight on the base directory, host paths unprefixed.
 *
 * <p>After the first pivot the shim reaches every host path below the old
 * root: this class writes each one as {@link #host(Path)}, and the shim
 * strips the prefix again when it names a host path in a failure.
 */
public final class FsOpEncoder {
    /** The kernel's MOUNT_ATTR_* bits, passed through for tmpfs. */
    public static final int ATTR_RDONLY = 0x1;
    public static final int ATTR_NOSUID = 0x2;
    public static final int ATTR_NODEV = 0x4;
    public static final int ATTR_NOEXEC = 0x8;

    /** Where the host's root is after the first pivot, as a name in the base and as a path. */
    static final String OLD_ROOT_NAME = "oldroot";
    static final String OLD_ROOT = "/" + OLD_ROOT_NAME;
    /** The new root's mount point in the base. */
    static final String NEW_ROOT = "/newroot";
    /** The scratch tmpfs's mount point in the base. */
    static final String SCRATCH_DIR = "/scratch";
    /** The base holds only empty directories, which take no pages: a small size is plenty. */
    static final long BASE_BYTES = 64L << 10;
    /** Permission bits of the minimal root's tmpfs. */
    static final int ROOT_MODE = 0755;
    /** fsconfig options of a devpts mount, key and value pairs ("" for a flag). */
    static final List<String> DEVPTS_OPTIONS = List.of("newinstance", "", "ptmxmode", "0666", "mode", "0620");
    /** Bound over a masked file: the host's null device. */
    static final Path NULL_DEVICE = Path.of("/dev/null");

    private FsOpEncoder() {}

    /**
     * @param userNs whether the init runs in a new user namespace: overlayfs
     *               then has to keep its metadata in user.* xattrs
     */
    public static void encode(PreparedMounts m, boolean userNs, PlanWriter w) {
        encode(m, userNs, Map.of(), w);
    }

    /**
     * {@link #encode(PreparedMounts, boolean, PlanWriter)} where the binds of the host directories in
     * {@code attach} become {@code ATTACH} of the detached mount the init holds at the mapped fd slot
     * (idmapped workspaces).
     */
    public static void encode(PreparedMounts m, boolean userNs, Map<Path, Integer> attach, PlanWriter w) {
        w.op(MAKE_PRIVATE).note("private mount namespace").end();
        boolean scratch = m.scratchBytes() > 0;
        // the default root needs no base when it can shadow the base dir: one tmpfs and one pivot_root fewer
        String old = BaselessRoot.applies(m, NULL_DEVICE) ? "" : OLD_ROOT;
        if (!old.isEmpty()) {
            List<String> dirs = scratch ? List.of(name(NEW_ROOT), name(SCRATCH_DIR)) : List.of(name(NEW_ROOT));
            w.op(BASE).str(m.base().toString()).u64(BASE_BYTES).u64(MountStep.Tmpfs.defaultInodes(BASE_BYTES))
                    .str(OLD_ROOT_NAME).strs(dirs).note("filesystem base on " + m.base()).end();
        }
        boolean readOnlyAtEnd = root(m, old, userNs, w);
        if (scratch) {
            long files = m.steps().stream().filter(s -> s instanceof MountStep.File).count();
            long inodes = Math.max(MountStep.Tmpfs.defaultInodes(m.scratchBytes()), files + 1);
            w.op(SCRATCH).str(SCRATCH_DIR).u64(m.scratchBytes()).u64(inodes).note("space for file(...) contents")
                    .end();
        }
        for (MountStep s : m.steps()) {
            if (s instanceof MountStep.Bind b && !b.readOnly() && attach.containsKey(b.source())) {
                w.op(ATTACH).u32(attach.get(b.source())).str(b.target()).str(b.source().toString())
                        .note("workspace " + b.source() + " at " + b.target()).end();
                continue;
            }
            step(s, m, old, userNs, w);
        }
        if (readOnlyAtEnd) {
            w.op(REMOUNT_RO).str("/").u32(0).note("read-only root filesystem").end();
        }
        w.op(PIVOT).note("pivot into the root filesystem").end();
    }

    /**
     * A host path as the shim reaches it after the first pivot: below the
     * old root. {@code p} is absolute and real (see {@link PreparedMounts}).
     */
    static String host(Path p) {
        return host(p, OLD_ROOT);
    }

    /** {@code p} below {@code old}, the old root, or as it is when there was no first pivot ({@code ""}). */
    private static String host(Path p, String old) {
        String s = p.toString();
        return s.equals("/") && !old.isEmpty() ? old : old + s;
    }

    private static String name(String dirInBase) {
        return dirInBase.substring(1);
    }

    private static boolean root(PreparedMounts m, String old, boolean userNs, PlanWriter w) {
        PreparedRoot root = m.root();
        if (old.isEmpty() && root instanceof PreparedRoot.Tmpfs t) {
            w.op(ROOT_BASE).str(m.base().toString()).u64(t.sizeBytes()).u64(t.inodes()).u32(ROOT_MODE)
                    .note(root + ", on " + m.base() + " (no base)").end();
            return true; // so the program cannot add top-level entries
        }
        switch (root) {
            case PreparedRoot.Bind b -> {
                w.op(ROOT_BIND).str(host(b.dir(), old)).str(NEW_ROOT)
                        .u32(b.readOnlyNow() ? ROOT_RDONLY_REC : 0).note(root).end();
                return b.readOnlyAtEnd();
            }
            case PreparedRoot.Tmpfs t -> {
                w.op(ROOT_TMPFS).str(NEW_ROOT).u64(t.sizeBytes()).u64(t.inodes()).u32(ROOT_MODE).note(root).end();
                return true; // so the program cannot add top-level entries
            }
            case PreparedRoot.Overlay o -> {
                w.op(ROOT_OVERLAY).str(NEW_ROOT);
                overlayFields(o.lowers(), o.upper(), o.work(), old, userNs, w);
                w.note(root).end();
                return false;
            }
        }
    }

    private static void step(MountStep s, PreparedMounts m, String old, boolean userNs, PlanWriter w) {
        switch (s) {
            case MountStep.Bind b -> w.op(BIND).str(host(b.source(), old)).str(b.target())
                    .u32(b.readOnly() ? BIND_RDONLY : 0).note(s).end();
            case MountStep.Tmpfs t -> w.op(TMPFS).str(t.target()).u64(t.sizeBytes()).u64(t.inodes()).u32(t.mode())
                    .u32(ATTR_NOSUID | ATTR_NODEV | (t.noExec() ? ATTR_NOEXEC : 0)).note(s).end();
            case MountStep.Proc p -> w.op(PROC).str(p.target()).u64(ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC)
                    .strs(List.of()).note(s).end();
            case MountStep.Sysfs y -> w.op(SYSFS).str(y.target())
                    .u64(ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC)
                    .u32(y.emptyWhenRefused() ? SYSFS_EMPTY_ON_EPERM : 0).note(s).end();
            // its own instance: the host's ptys stay out of reach; anyone may open ptmx, ptys are rw--w----
            case MountStep.Devpts d -> w.op(DEVPTS).str(d.target()).u64(ATTR_NOSUID | ATTR_NOEXEC)
                    .strs(DEVPTS_OPTIONS).note(s).end();
            case MountStep.Mqueue q -> w.op(MQUEUE).str(q.target()).u64(ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC)
                    .strs(List.of()).note(s).end();
            case MountStep.Overlay o -> {
                w.op(OVERLAY).str(o.target());
                overlayFields(o.lowers(), o.upper(), m.workDir(o), old, userNs, w);
                w.note(s).end();
            }
            case MountStep.Symlink l -> w.op(SYMLINK).str(l.linkTarget()).str(l.target()).note(s).end();
            case MountStep.Dir d -> w.op(MKDIR).str(d.target()).u32(d.mode()).note(s).end();
            case MountStep.File f -> w.op(FILE).str(f.target()).bytes(f.content()).u32(f.mode()).note(s).end();
            case MountStep.RemountReadOnly r -> w.op(REMOUNT_RO).str(r.target())
                    .u32(r.recursive() ? RO_RECURSIVE : 0).note(s).end();
            // a directory gets an empty read-only tmpfs (its root its only inode), anything else the null device
            case MountStep.Mask k -> w.op(MASK).str(k.target()).str(host(NULL_DEVICE, old))
                    .u64(ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC).u32(0755).note(s).end();
            case MountStep.ReadOnlyPath r -> w.op(REMOUNT_RO).str(r.target())
                    .u32(RO_RECURSIVE | RO_MISSING_OK).note(s).end();
        }
    }

    private static void overlayFields(List<Path> lowers, Path upper, Path work, String old, boolean userNs,
            PlanWriter w) {
        w.strs(lowers.stream().map(p -> host(p, old)).toList());
        w.str(host(upper, old)).str(host(work, old)).u32(userNs ? OVL_USERXATTR : 0);
    }
}
