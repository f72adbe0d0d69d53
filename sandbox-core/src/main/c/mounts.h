/*
 * Filesystem steps of the init role: op codes OP_FS_FIRST..OP_FS_LAST
 * (see plan.h). Each op is applied in plan order; a failure calls fail()
 * with the step name, errno and the path involved.
 *
 * The op codes and payloads are in wire.def (Java: FsOp, FsOpEncoder).
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
 * tmpfs). The minimal root can go without a base: OP_FS_ROOT_BASE mounts
 * its tmpfs on the host directory itself (shadowing it in the sandbox's
 * namespace only), host paths come unprefixed, and OP_FS_PIVOT pivots into
 * it and detaches the host's root; Java uses that only when no host path
 * it names is the shadowed directory, below or above it, and no scratch
 * tmpfs is needed. Mounts are built with
 * the new mount API (fsopen/fsmount, open_tree, mount_setattr), so no step
 * needs /proc.
 */
#ifndef SANDBOX4J_MOUNTS_H
#define SANDBOX4J_MOUNTS_H

#include "plan.h"

enum fs_op_code {
#define WIRE_FS_OP(name, code, payload) OP_FS_##name = (code),
#include "wire.def"
};

enum {
#define WIRE_FS_FLAG(name, v) FS_##name = (v),
#include "wire.def"
};

void apply_fs_op(const struct op *op);

#endif
