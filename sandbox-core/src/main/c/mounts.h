/*
 * Filesystem steps of the init role: op codes OP_FS_FIRST..OP_FS_LAST
 * (see plan.h). Each op is applied in plan order; a failure calls fail()
 * with the step name, errno and the path involved.
 *
 * Java mirror: dev.sandbox4j.internal.plan.FsOpEncoder. Keep both in step.
 *
 * Model: after OP_FS_MAKE_PRIVATE, OP_FS_BASE mounts a small tmpfs (the
 * "base") on an existing host directory, creates the directories Java names
 * in it and pivots into it with the old root on one of them (bubblewrap's
 * way): from then on "/" is the base, "/oldroot" (say) is the host's root,
 * and the host directory under the base shows its own content again, so no
 * host path is shadowed and nothing is created on the host. Java writes
 * every host path ("src", lower/upper/work, the mask's device) already
 * prefixed with the old root; failure reports strip that prefix again, so
 * they name host paths. One ROOT_* op mounts the future root on a directory
 * of the base ("staging", e.g. /newroot) and keeps an fd of it. Every later
 * path "dst" is a path inside that new root: it is resolved with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) relative to the root fd,
 * missing components are created under the same resolution, and mounts are
 * attached to the resolved fd with move_mount, so no symlink in the rootfs
 * can redirect a mount outside the new root (runc CVE-2021-30465). Host
 * paths come checked from Java: root and overlay directories with their
 * symlinks resolved (an absolute link would otherwise be followed from the
 * base, not the host root), bind sources as given, which must hold no
 * symlink at all: they are opened with RESOLVE_NO_SYMLINKS and cloned from
 * that fd, so a link planted between Java's check and the mount fails
 * instead of redirecting the bind. OP_FS_PIVOT pivots into the new root
 * and detaches the base with everything on it (the old root, the scratch
 * tmpfs). Mounts are built with
 * the new mount API (fsopen/fsmount, open_tree, mount_setattr), so no step
 * needs /proc.
 *
 * Payloads (str, u32, u64, bytes as in plan.h):
 */
#ifndef SANDBOX4J_MOUNTS_H
#define SANDBOX4J_MOUNTS_H

#include "plan.h"

enum fs_op_code {
    /* none. mount --make-rprivate /, so nothing propagates to the host */
    OP_FS_MAKE_PRIVATE  = 0x220,
    /* str src, str staging, u32 flags (FS_ROOT_RDONLY_REC): recursive bind
     * of host dir src onto staging (a directory of the base), which becomes
     * the new root; with the flag every mount of the clone is read-only
     * before it is attached */
    OP_FS_ROOT_BIND     = 0x221,
    /* str staging (in the base), u64 size bytes, u64 nr_inodes, u32 mode:
     * an empty tmpfs (nosuid nodev) as new root; the mount points of the
     * later steps are created in it, and a final OP_FS_REMOUNT_RO of "/"
     * makes it read-only */
    OP_FS_ROOT_TMPFS    = 0x222,
    /* str staging (in the base), u32 n, n x str lower (top-most first),
     * str upper, str work (host dirs), u32 flags (FS_OVL_USERXATTR):
     * overlay as new root */
    OP_FS_ROOT_OVERLAY  = 0x223,
    /* str src (host), str dst, u32 flags (FS_BIND_RDONLY): recursive bind;
     * read-only applies to every submount. src is opened with
     * RESOLVE_NO_SYMLINKS (a symlink on its path fails with ELOOP) and the
     * bind is cloned from that fd, so a link planted after Java checked the
     * path cannot redirect it. A missing dst is created as a directory or
     * an empty file, like src */
    OP_FS_BIND          = 0x224,
    /* str dst, u64 size bytes, u64 nr_inodes, u32 mode, u32 attrs
     * (MOUNT_ATTR_* bits) */
    OP_FS_TMPFS         = 0x225,
    /* str dst: proc of the init's pid namespace, nosuid nodev noexec */
    OP_FS_PROC          = 0x226,
    /* str dst: a new devpts instance, ptmxmode=0666 mode=0620 */
    OP_FS_DEVPTS        = 0x227,
    /* str dst: mqueue of the init's ipc namespace */
    OP_FS_MQUEUE        = 0x228,
    /* str dst, then the overlay fields of OP_FS_ROOT_OVERLAY after staging */
    OP_FS_OVERLAY       = 0x229,
    /* str link target (stored as is), str dst. An existing identical link
     * is fine */
    OP_FS_SYMLINK       = 0x22a,
    /* str dst, u32 mode (mkdir -p, then chmod of the last component) */
    OP_FS_MKDIR         = 0x22b,
    /* str dir (in the base, e.g. /scratch), u64 size, u64 nr_inodes: a
     * private tmpfs there holds OP_FS_FILE contents; it is detached with
     * the base */
    OP_FS_SCRATCH       = 0x22c,
    /* str dst, bytes content, u32 mode: the bytes are written to a new file
     * on the scratch tmpfs, which is bind-mounted on dst (created empty when
     * missing), so a read-only root or a host file is never written */
    OP_FS_FILE          = 0x22d,
    /* str dst, u32 flags (FS_RO_RECURSIVE, FS_RO_MISSING_OK): make dst
     * read-only; a dst that is not a mount root is first bound on itself */
    OP_FS_REMOUNT_RO    = 0x22e,
    /* str dst, str dev (host path of a null device, e.g. /oldroot/dev/null):
     * hide dst; a directory gets an empty read-only tmpfs, anything else a
     * read-only bind of dev. A missing dst is skipped */
    OP_FS_MASK          = 0x22f,
    /* none. pivot_root into the new root, detach the old one (the base
     * and everything on it), chdir / */
    OP_FS_PIVOT         = 0x230,
    /* str host dir, u64 size bytes, u64 nr_inodes, str old, u32 n, n x str
     * dir: mounts a tmpfs of that size (mode 0700, nosuid nodev noexec) on
     * the existing host dir, creates the directories old and dir... in it
     * (names, not paths), then pivot_root into it with the old root on
     * "/old" and chdir /. Later ops name them "/old", "/dir"; failure reports show a
     * path under "/old" as the host path. Right after OP_FS_MAKE_PRIVATE */
    OP_FS_BASE          = 0x231,
    /* str dst, u64 attrs (MOUNT_ATTR_* bits), u32 flags
     * (FS_SYSFS_EMPTY_ON_EPERM): a fresh sysfs, which shows the devices of
     * the init's network namespace. The kernel refuses it (EPERM) when the
     * user namespace does not own that network namespace, or when the
     * host's own sysfs is not fully visible (inside a container that masks
     * /sys paths); with the flag an empty tmpfs with the same attrs takes
     * its place then */
    OP_FS_SYSFS         = 0x232,
};

#define FS_ROOT_RDONLY_REC  0x1u
#define FS_OVL_USERXATTR    0x1u
#define FS_BIND_RDONLY      0x1u
#define FS_RO_RECURSIVE     0x1u
#define FS_RO_MISSING_OK    0x2u
#define FS_SYSFS_EMPTY_ON_EPERM 0x1u

void apply_fs_op(const struct op *op);

#endif
