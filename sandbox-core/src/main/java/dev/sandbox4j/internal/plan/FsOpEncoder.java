package dev.sandbox4j.internal.plan;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a prepared mount plan as init-role filesystem ops; mirror of
 * {@code src/main/c/mounts.h}, which documents each payload.
 *
 * <p>Op order: make / private, build the root on the staging directory,
 * mount the scratch tmpfs when files are needed, the plan's steps in
 * order, the root read-only when asked, then the pivot.
 */
public final class FsOpEncoder {
    public static final int MAKE_PRIVATE = 0x220;
    public static final int ROOT_BIND = 0x221;
    public static final int ROOT_TMPFS = 0x222;
    public static final int ROOT_OVERLAY = 0x223;
    public static final int BIND = 0x224;
    public static final int TMPFS = 0x225;
    public static final int PROC = 0x226;
    public static final int DEVPTS = 0x227;
    public static final int MQUEUE = 0x228;
    public static final int OVERLAY = 0x229;
    public static final int SYMLINK = 0x22a;
    public static final int MKDIR = 0x22b;
    public static final int SCRATCH = 0x22c;
    public static final int FILE = 0x22d;
    public static final int REMOUNT_RO = 0x22e;
    public static final int MASK = 0x22f;
    public static final int PIVOT = 0x230;

    public static final int ROOT_RDONLY_REC = 0x1;
    public static final int OVL_USERXATTR = 0x1;
    public static final int BIND_RDONLY = 0x1;
    public static final int RO_RECURSIVE = 0x1;
    public static final int RO_MISSING_OK = 0x2;

    /** The kernel's MOUNT_ATTR_* bits, passed through for tmpfs. */
    public static final int ATTR_RDONLY = 0x1;
    public static final int ATTR_NOSUID = 0x2;
    public static final int ATTR_NODEV = 0x4;
    public static final int ATTR_NOEXEC = 0x8;

    private FsOpEncoder() {}

    /**
     * @param userNs whether the init runs in a new user namespace: overlayfs
     *               then has to keep its metadata in user.* xattrs
     */
    public static void encode(PreparedMounts m, boolean userNs, PlanWriter w) {
        w.flag(MAKE_PRIVATE);
        boolean readOnlyAtEnd = root(m.root(), m.staging(), userNs, w);
        m.scratch().ifPresent(dir -> w.op(SCRATCH).str(dir.toString()).u64(m.scratchBytes()).end());
        for (MountStep s : m.steps()) {
            step(s, m, userNs, w);
        }
        if (readOnlyAtEnd) {
            w.op(REMOUNT_RO).str("/").u32(0).end();
        }
        w.flag(PIVOT);
    }

    private static boolean root(PreparedRoot root, Path staging, boolean userNs, PlanWriter w) {
        switch (root) {
            case PreparedRoot.Bind b -> {
                w.op(ROOT_BIND).str(b.dir().toString()).str(staging.toString())
                        .u32(b.readOnlyNow() ? ROOT_RDONLY_REC : 0).end();
                return b.readOnlyAtEnd();
            }
            case PreparedRoot.Overlay o -> {
                w.op(ROOT_OVERLAY).str(staging.toString());
                overlayFields(o.lowers(), o.upper(), o.work(), userNs, w);
                w.end();
                return false;
            }
        }
    }

    private static void step(MountStep s, PreparedMounts m, boolean userNs, PlanWriter w) {
        switch (s) {
            case MountStep.Bind b -> w.op(BIND).str(b.source().toString()).str(b.target())
                    .u32(b.readOnly() ? BIND_RDONLY : 0).end();
            case MountStep.Tmpfs t -> w.op(TMPFS).str(t.target()).u64(t.sizeBytes()).u32(t.mode())
                    .u32(ATTR_NOSUID | ATTR_NODEV | (t.noExec() ? ATTR_NOEXEC : 0)).end();
            case MountStep.Proc p -> w.op(PROC).str(p.target()).end();
            case MountStep.Devpts d -> w.op(DEVPTS).str(d.target()).end();
            case MountStep.Mqueue q -> w.op(MQUEUE).str(q.target()).end();
            case MountStep.Overlay o -> {
                w.op(OVERLAY).str(o.target());
                overlayFields(o.lowers(), o.upper(), m.workDir(o), userNs, w);
                w.end();
            }
            case MountStep.Symlink l -> w.op(SYMLINK).str(l.linkTarget()).str(l.target()).end();
            case MountStep.Dir d -> w.op(MKDIR).str(d.target()).u32(d.mode()).end();
            case MountStep.File f -> w.op(FILE).str(f.target()).bytes(f.content()).u32(f.mode()).end();
            case MountStep.RemountReadOnly r -> w.op(REMOUNT_RO).str(r.target())
                    .u32(r.recursive() ? RO_RECURSIVE : 0).end();
            case MountStep.Mask k -> w.op(MASK).str(k.target()).end();
            case MountStep.ReadOnlyPath r -> w.op(REMOUNT_RO).str(r.target())
                    .u32(RO_RECURSIVE | RO_MISSING_OK).end();
        }
    }

    private static void overlayFields(List<Path> lowers, Path upper, Path work, boolean userNs, PlanWriter w) {
        w.strs(lowers.stream().map(Path::toString).toList());
        w.str(upper.toString()).str(work.toString()).u32(userNs ? OVL_USERXATTR : 0);
    }
}
