/*
 * Filesystem steps of the init role: op codes OP_FS_FIRST..OP_FS_LAST
 * (see plan.h). Each op is applied in plan order; a failure calls fail()
 * with the step name, errno and the path involved.
 *
 * Java mirror: dev.sandbox4j.internal.plan.FsOpEncoder. Keep both in step.
 *
 * Model: one ROOT_* op mounts the future root on a host staging directory
 * (created empty by Java) and keeps an fd of it. Every later path "dst" is a
 * path inside that new root: it is resolved with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS) relative to the root fd, missing components are
 * created under the same resolution, and mounts are attached to the
 * resolved fd with move_mount, so no symlink in the rootfs can redirect a
 * mount outside the new root (runc CVE-2021-30465). Host paths ("src",
 * lower/upper/work, staging, scratch) are trusted: Java validated them.
 * Mounts are built with the new mount API (fsopen/fsmount, open_tree,
 * mount_setattr), so no step needs /proc.
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
     * of host dir src onto staging, which becomes the new root; with the
     * flag every mount of the clone is read-only before it is attached */
    OP_FS_ROOT_BIND     = 0x221,
    /* str staging, u64 size bytes, u32 mode: an empty tmpfs as new root */
    OP_FS_ROOT_TMPFS    = 0x222,
    /* str staging, u32 n, n x str lower (top-most first), str upper,
     * str work, u32 flags (FS_OVL_USERXATTR): overlay as new root */
    OP_FS_ROOT_OVERLAY  = 0x223,
    /* str src (host), str dst, u32 flags (FS_BIND_RDONLY): recursive bind;
     * read-only applies to every submount. A missing dst is created as a
     * directory or an empty file, like src */
    OP_FS_BIND          = 0x224,
    /* str dst, u64 size bytes, u32 mode, u32 attrs (MOUNT_ATTR_* bits) */
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
    /* str host dir, u64 size: a private tmpfs there holds OP_FS_FILE
     * contents; it vanishes with the mount namespace */
    OP_FS_SCRATCH       = 0x22c,
    /* str dst, bytes content, u32 mode: the bytes are written to a new file
     * on the scratch tmpfs, which is bind-mounted on dst (created empty when
     * missing), so a read-only root or a host file is never written */
    OP_FS_FILE          = 0x22d,
    /* str dst, u32 flags (FS_RO_RECURSIVE, FS_RO_MISSING_OK): make dst
     * read-only; a dst that is not a mount root is first bound on itself */
    OP_FS_REMOUNT_RO    = 0x22e,
    /* str dst: hide it; a directory gets an empty read-only tmpfs, anything
     * else a read-only bind of /dev/null. A missing dst is skipped */
    OP_FS_MASK          = 0x22f,
    /* none. pivot_root into the new root, detach the old one, chdir / */
    OP_FS_PIVOT         = 0x230,
};

#define FS_ROOT_RDONLY_REC  0x1u
#define FS_OVL_USERXATTR    0x1u
#define FS_BIND_RDONLY      0x1u
#define FS_RO_RECURSIVE     0x1u
#define FS_RO_MISSING_OK    0x2u

void apply_fs_op(const struct op *op);

#endif
