/* Filesystem steps of the init role; the op list is documented in mounts.h. */
#include "io.h"
#include "mounts.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Older libc headers lack the new mount API; the kernel ABI is fixed. */
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#endif
#ifndef MOVE_MOUNT_T_EMPTY_PATH
#define MOVE_MOUNT_T_EMPTY_PATH 0x40
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x1
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x1
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x2000
#endif

/* Own name, so it cannot clash with a libc that defines struct mount_attr. */
struct s4j_mount_attr {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};

enum kind { KIND_EXISTING, KIND_DIR, KIND_FILE };

static int root_fd = -1;    /* the new root, set by a ROOT_* op */
static char old_root[256];  /* "/oldroot": where OP_FS_BASE put the host's root */
static int scratch_fd = -1; /* OP_FS_SCRATCH's tmpfs */
static unsigned scratch_seq;
/* The first mask of a directory and of a file, attached: later masks are
 * binds of them, so the masks share one superblock each instead of
 * creating (and at the sandbox's end tearing down) one tmpfs per path. */
static int mask_dir_fd = -1, mask_file_fd = -1;
static char mask_file_src[256]; /* the host node mask_file_fd is a bind of */
static uint64_t mask_dir_attrs; /* what the plan asked of the first directory mask */
static uint32_t mask_dir_mode;

/* ---- raw syscalls ---------------------------------------------------- */

static int sys_openat2(int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
    struct open_how how = { .flags = flags | O_CLOEXEC, .mode = 0, .resolve = resolve };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

static int sys_open_tree(int dirfd, const char *path, unsigned flags)
{
    return (int)syscall(SYS_open_tree, dirfd, path, flags);
}

static int sys_setattr(int fd, unsigned at_flags, uint64_t set)
{
    struct s4j_mount_attr a = { .attr_set = set, .attr_clr = 0, .propagation = 0, .userns_fd = 0 };
    return (int)syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | at_flags, &a, sizeof a);
}

/* ---- host paths ------------------------------------------------------ */

/* How a failure names a host path: without the old-root prefix Java added. */
static const char *shown(const char *path)
{
    size_t n = strlen(old_root);
    if (n == 0 || strncmp(path, old_root, n) != 0)
        return path;
    if (path[n] == '\0')
        return "/";
    return path[n] == '/' ? path + n : path;
}

/* The same for every host path in a message of the kernel's: an old-root
 * prefix at the start of a path (after a quote, blank, '=', ':' or ',') */
static void unprefix(char *msg)
{
    size_t n = strlen(old_root);
    if (n == 0)
        return;
    for (char *p = msg; (p = strstr(p, old_root)) != NULL;) {
        int at_start = p == msg || strchr("'\" =:,", p[-1]) != NULL;
        if (!at_start || (p[n] != '/' && p[n] != '\0' && strchr("'\" :,", p[n]) == NULL)) {
            p += n;
            continue;
        }
        if (p[n] == '/')
            memmove(p, p + n, strlen(p + n) + 1);
        else
            memmove(p + 1, p + n, strlen(p + n) + 1);
        p++; /* past the path's first '/': a host path may hold the name too */
    }
}

/* ---- paths inside the new root --------------------------------------- */

static void need_root(const char *step)
{
    if (root_fd < 0)
        fail(step, EINVAL, "no root op before this filesystem op");
}

/* The one way a dst is looked up: confined to the new root, no magic links. */
static int resolve(const char *path, uint64_t flags)
{
    return sys_openat2(root_fd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

/* Splits "/a/b/c" into parent "/a/b" (in buf) and name "c". */
static const char *split_parent(const char *path, char *buf, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t plen = slash ? (size_t)(slash - path) : 0;
    if (plen >= cap)
        fail("path", ENAMETOOLONG, "%s", path);
    memcpy(buf, path, plen);
    buf[plen] = '\0';
    if (plen == 0)
        strcpy(buf, "/");
    return slash ? slash + 1 : path;
}

/* Creates the last component of path as a directory or empty file;
 * someone else having created it meanwhile is fine. "what" names the
 * mount that needs it in a failure report. */
static void create_one(const char *path, enum kind kind, const char *what)
{
    char parent[4096];
    const char *name = split_parent(path, parent, sizeof parent);
    int pfd = resolve(parent, O_PATH | O_DIRECTORY);
    if (pfd < 0)
        fail("openat2", errno, "%s in the new root, for %s", parent, what);
    if (kind == KIND_DIR) {
        if (mkdirat(pfd, name, 0755) < 0 && errno != EEXIST)
            fail("mkdir", errno, "%s in the new root, for %s", path, what);
    } else {
        int fd = openat(pfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            fail("create", errno, "%s in the new root, for %s", path, what);
        if (fd >= 0)
            close(fd);
    }
    close(pfd);
}

/* mkdir -p of every ancestor of path, each step resolved in the root. */
static void create_parents(const char *path, const char *what)
{
    char buf[4096];
    if (strlen(path) >= sizeof buf)
        fail("path", ENAMETOOLONG, "%s", path);
    strcpy(buf, path);
    for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        int fd = resolve(buf, O_PATH | O_DIRECTORY);
        if (fd < 0 && errno == ENOENT)
            create_one(buf, KIND_DIR, what);
        else if (fd < 0)
            fail("openat2", errno, "%s in the new root, for %s", buf, what);
        else
            close(fd);
        *s = '/';
    }
}

/* An O_PATH fd of the directory path in the new root, its ancestors and
 * itself created when missing. */
static int open_dir_created(const char *path, const char *what)
{
    int fd = resolve(path, O_PATH | O_DIRECTORY);
    if (fd < 0 && errno == ENOENT) {
        create_parents(path, what);
        create_one(path, KIND_DIR, what);
        fd = resolve(path, O_PATH | O_DIRECTORY);
    }
    if (fd < 0)
        fail("openat2", errno, "%s in the new root, for %s", path, what);
    return fd;
}

/* An O_PATH fd of dst in the new root, created as kind when missing. The
 * usual case (a mount point in an existing directory) looks the parent up
 * once: the new entry is opened beneath it without following links (it is
 * the directory or file just made); an entry someone else made meanwhile is
 * looked up as any target is. */
static int open_target(const char *path, enum kind kind, const char *what)
{
    int fd = resolve(path, O_PATH);
    if (fd < 0 && errno == ENOENT && kind != KIND_EXISTING) {
        char parent[4096];
        const char *name = split_parent(path, parent, sizeof parent);
        int pfd = open_dir_created(parent, what);
        int made;
        if (kind == KIND_DIR) {
            made = mkdirat(pfd, name, 0755) == 0;
            if (!made && errno != EEXIST)
                fail("mkdir", errno, "%s in the new root, for %s", path, what);
        } else {
            int f = openat(pfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
            made = f >= 0;
            if (!made && errno != EEXIST)
                fail("create", errno, "%s in the new root, for %s", path, what);
            if (made)
                close(f);
        }
        fd = made ? sys_openat2(pfd, name, O_PATH, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
                  : -1;
        close(pfd);
        if (fd < 0)
            fd = resolve(path, O_PATH);
    }
    if (fd < 0)
        fail("openat2", errno, "%s in the new root", path);
    return fd;
}

/* ---- building mounts ------------------------------------------------- */

/* Appends the fs_context's own error message ("e ...") to a failure. */
static void fail_fsconfig(int fsfd, const char *step, int err, const char *what)
{
    char msg[256];
    ssize_t n = read(fsfd, msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    if (n > 0 && msg[n - 1] == '\n')
        msg[n - 1] = '\0';
    unprefix(msg);
    fail(step, err, "%s%s%s", what, n > 0 ? ": " : "", msg);
}

static int fs_open(const char *type)
{
    int fsfd = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
    if (fsfd < 0)
        fail("fsopen", errno, "%s", type);
    return fsfd;
}

static void fs_set(int fsfd, const char *key, const char *value, const char *what)
{
    unsigned cmd = value ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG;
    if (syscall(SYS_fsconfig, fsfd, cmd, key, value, 0) < 0)
        fail_fsconfig(fsfd, "fsconfig", errno, what);
}

/* Creates the superblock and returns a detached mount of it. */
static int fs_mount(int fsfd, uint64_t attrs, const char *what)
{
    if (syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
        fail_fsconfig(fsfd, "mount", errno, what);
    int mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
    if (mfd < 0)
        fail("fsmount", errno, "%s", what);
    close(fsfd);
    return mfd;
}

/* Attaches a detached mount on the exact inode target_fd names. */
static void attach(int mfd, int target_fd, const char *what, const char *path)
{
    if (syscall(SYS_move_mount, mfd, "", target_fd, "",
                MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        fail("move_mount", errno, "%s at %s", what, path);
    close(mfd);
}

/* nr_inodes caps the files (and so the kernel memory) an empty-file loop
 * can create, which size alone does not: an empty file takes no page. */
static int make_tmpfs(uint64_t size, uint64_t inodes, uint32_t mode, uint64_t attrs, const char *path)
{
    char num[32], what[64];
    snprintf(what, sizeof what, "tmpfs for %.40s", path);
    int fsfd = fs_open("tmpfs");
    snprintf(num, sizeof num, "%llu", (unsigned long long)size);
    fs_set(fsfd, "size", num, what);
    snprintf(num, sizeof num, "%llu", (unsigned long long)inodes);
    fs_set(fsfd, "nr_inodes", num, what);
    snprintf(num, sizeof num, "%o", mode & 07777);
    fs_set(fsfd, "mode", num, what);
    return fs_mount(fsfd, attrs, what);
}

/* A recursive clone of a host path, read-only throughout when asked. The
 * path is opened first without following any symlink (ELOOP otherwise)
 * and cloned through that fd: no link swapped in after Java checked the
 * path can redirect the mount. */
static int clone_host_tree(const char *path, int rdonly)
{
    int pfd = sys_openat2(AT_FDCWD, path, O_PATH, RESOLVE_NO_SYMLINKS);
    if (pfd < 0 && errno == ELOOP)
        fail("openat2", errno, "host path %s: a symbolic link is on the path, and host sources are "
             "opened without following symlinks", shown(path));
    if (pfd < 0)
        fail("openat2", errno, "host path %s", shown(path));
    int fd = sys_open_tree(pfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
    close(pfd);
    if (fd < 0)
        fail("open_tree", errno, "%s", shown(path));
    if (rdonly && sys_setattr(fd, AT_RECURSIVE, MOUNT_ATTR_RDONLY) < 0)
        fail("mount_setattr", errno, "read-only %s", shown(path));
    return fd;
}

/* lowerdir value: top-most first, ':' separated; '\' and ':' escaped. */
static char *join_lowers(char **lowers, uint32_t n)
{
    size_t cap = 1;
    for (uint32_t i = 0; i < n; i++)
        cap += 2 * strlen(lowers[i]) + 1;
    char *out = malloc(cap), *p = out;
    if (!out)
        fail("overlay", ENOMEM, "lowerdir");
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            *p++ = ':';
        for (const char *s = lowers[i]; *s; s++) {
            if (*s == ':' || *s == '\\')
                *p++ = '\\';
            *p++ = *s;
        }
    }
    *p = '\0';
    return out;
}

/* Reads the overlay fields and returns a detached overlay mount. */
static int make_overlay(struct reader *r, const struct op *op, const char *shown)
{
    uint32_t n = rd_u32(r);
    if (n == 0 || n > 500)
        fail("plan", EINVAL, "overlay at %s with %u lower dirs", shown, n);
    char **lowers = calloc(n, sizeof *lowers);
    if (!lowers)
        fail("overlay", ENOMEM, "%s", shown);
    for (uint32_t i = 0; i < n; i++)
        lowers[i] = rd_str(r);
    char *upper = rd_str(r), *work = rd_str(r);
    uint32_t flags = rd_u32(r);
    reader_done(r, op);

    char what[64];
    snprintf(what, sizeof what, "overlay for %.40s", shown);
    int fsfd = fs_open("overlay");
    if (flags & FS_OVL_USERXATTR)
        fs_set(fsfd, "userxattr", NULL, what);
    fs_set(fsfd, "lowerdir", join_lowers(lowers, n), what);
    fs_set(fsfd, "upperdir", upper, what);
    fs_set(fsfd, "workdir", work, what);
    return fs_mount(fsfd, 0, what);
}

/* ---- the new root ---------------------------------------------------- */

/* A directory of the base (after OP_FS_BASE) or of the host (before). */
static int open_dir(const char *path, const char *what)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        fail("open", errno, "%s %s", what, path);
    return fd;
}

/* Attaches mfd on the staging dir and keeps an fd of the mounted root. */
static void set_root(int mfd, const char *staging, const char *what)
{
    if (root_fd >= 0)
        fail("plan", EINVAL, "a second root op (%s)", what);
    int fd = open_dir(staging, "mount point of the new root");
    attach(mfd, fd, what, staging);
    close(fd);
    root_fd = open_dir(staging, "new root");
}

static void op_root_bind(struct reader *r, const struct op *op)
{
    char *src = rd_str(r), *staging = rd_str(r);
    uint32_t flags = rd_u32(r);
    reader_done(r, op);
    int mfd = clone_host_tree(src, (flags & FS_ROOT_RDONLY_REC) != 0);
    set_root(mfd, staging, "root bind");
}

static void op_root_tmpfs(struct reader *r, const struct op *op)
{
    char *staging = rd_str(r);
    uint64_t size = rd_u64(r), inodes = rd_u64(r);
    uint32_t mode = rd_u32(r);
    reader_done(r, op);
    set_root(make_tmpfs(size, inodes, mode, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "/"), staging, "root tmpfs");
}

static void op_root_overlay(struct reader *r, const struct op *op)
{
    char *staging = rd_str(r);
    set_root(make_overlay(r, op, "/"), staging, "root overlay");
}

/* ---- mounts inside the new root -------------------------------------- */

static void op_bind(struct reader *r, const struct op *op)
{
    char *src = rd_str(r), *dst = rd_str(r);
    uint32_t flags = rd_u32(r);
    reader_done(r, op);
    int mfd = clone_host_tree(src, (flags & FS_BIND_RDONLY) != 0);
    struct stat st;
    if (fstat(mfd, &st) < 0)
        fail("stat", errno, "%s", shown(src));
    char what[4200];
    snprintf(what, sizeof what, "bind of %s", shown(src));
    int tfd = open_target(dst, S_ISDIR(st.st_mode) ? KIND_DIR : KIND_FILE, what);
    attach(mfd, tfd, what, dst);
    close(tfd);
}

static void op_attach(struct reader *r, const struct op *op)
{
    uint32_t fd = rd_u32(r);
    char *dst = rd_str(r), *host = rd_str(r);
    reader_done(r, op);
    char what[4200];
    snprintf(what, sizeof what, "workspace %s", host);
    int tfd = open_target(dst, KIND_DIR, what);
    attach((int)fd, tfd, what, dst);
    close(tfd);
}

static void op_tmpfs(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    uint64_t size = rd_u64(r), inodes = rd_u64(r);
    uint32_t mode = rd_u32(r), attrs = rd_u32(r);
    reader_done(r, op);
    int mfd = make_tmpfs(size, inodes, mode, attrs, dst);
    int tfd = open_target(dst, KIND_DIR, "tmpfs");
    attach(mfd, tfd, "tmpfs", dst);
    close(tfd);
}

/* proc, devpts, mqueue: a fresh instance with fixed options. */
static void mount_special(const char *type, const char *dst, uint64_t attrs,
                          const char *const *opts)
{
    char what[64];
    snprintf(what, sizeof what, "%s at %.40s", type, dst);
    int fsfd = fs_open(type);
    for (; opts && opts[0]; opts += 2)
        fs_set(fsfd, opts[0], opts[1], what);
    int mfd = fs_mount(fsfd, attrs, what);
    int tfd = open_target(dst, KIND_DIR, type);
    attach(mfd, tfd, type, dst);
    close(tfd);
}

/* proc, devpts, mqueue: the attrs and fsconfig options come from Java. */
static void op_special(struct reader *r, const struct op *op)
{
    enum { MAX_OPTS = 16 };
    char *dst = rd_str(r);
    uint64_t attrs = rd_u64(r);
    uint32_t n = rd_u32(r);
    if (n % 2 || n > MAX_OPTS)
        fail("plan", EINVAL, "%u mount options for %s: key, value pairs, at most %d", n, dst, MAX_OPTS);
    const char *opts[MAX_OPTS + 1] = { NULL };
    for (uint32_t i = 0; i < n; i++) {
        char *s = rd_str(r);
        opts[i] = i % 2 && !*s ? NULL : s; /* an empty value: a flag */
    }
    reader_done(r, op);
    const char *type = op->code == OP_FS_PROC ? "proc" : op->code == OP_FS_DEVPTS ? "devpts" : "mqueue";
    mount_special(type, dst, attrs, opts);
}

static void op_sysfs(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    uint64_t attrs = rd_u64(r);
    uint32_t flags = rd_u32(r);
    reader_done(r, op);
    /* EPERM comes from fsopen (a network namespace of another user
     * namespace) or fsmount (the host's sysfs is partly hidden) */
    int mfd = -1, fsfd = (int)syscall(SYS_fsopen, "sysfs", FSOPEN_CLOEXEC);
    if (fsfd >= 0 && syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
        mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
    int err = errno;
    if (fsfd >= 0)
        close(fsfd);
    if (mfd < 0 && err == EPERM && (flags & FS_SYSFS_EMPTY_ON_EPERM))
        mfd = make_tmpfs(4096, 1, 0755, attrs, dst);
    else if (mfd < 0)
        fail("mount", err, "sysfs at %s", dst);
    int tfd = open_target(dst, KIND_DIR, "sysfs");
    attach(mfd, tfd, "sysfs", dst);
    close(tfd);
}

static void op_overlay(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    int mfd = make_overlay(r, op, dst);
    int tfd = open_target(dst, KIND_DIR, "overlay");
    attach(mfd, tfd, "overlay", dst);
    close(tfd);
}

static void op_symlink(struct reader *r, const struct op *op)
{
    char *target = rd_str(r), *dst = rd_str(r);
    reader_done(r, op);
    char parent[4096], have[4096];
    const char *name = split_parent(dst, parent, sizeof parent);
    int pfd = open_dir_created(parent, "symlink");
    if (symlinkat(target, pfd, name) < 0) {
        int err = errno;
        ssize_t n = readlinkat(pfd, name, have, sizeof have - 1);
        if (err != EEXIST || n < 0 || (size_t)n != strlen(target) || memcmp(have, target, (size_t)n))
            fail("symlink", err, "%s -> %s", dst, target);
    }
    close(pfd);
}

static void op_mkdir(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    uint32_t mode = rd_u32(r);
    reader_done(r, op);
    close(open_target(dst, KIND_DIR, "dir"));
    int fd = resolve(dst, O_RDONLY | O_DIRECTORY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0)
        fail("mkdir", errno, "%s in the new root", dst);
    /* an existing dir with the right mode may sit on a read-only root */
    if ((st.st_mode & 07777) != (mode & 07777) && fchmod(fd, mode & 07777) < 0)
        fail("chmod", errno, "%s in the new root", dst);
    close(fd);
}

static void op_scratch(struct reader *r, const struct op *op)
{
    char *dir = rd_str(r);
    uint64_t size = rd_u64(r), inodes = rd_u64(r);
    reader_done(r, op);
    if (scratch_fd >= 0)
        fail("plan", EINVAL, "a second scratch op (%s)", dir);
    int mfd = make_tmpfs(size, inodes, 0700, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, dir);
    int fd = open_dir(dir, "scratch directory");
    attach(mfd, fd, "scratch tmpfs", dir);
    close(fd);
    scratch_fd = open_dir(dir, "scratch tmpfs");
}

static void op_file(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    uint32_t len;
    const uint8_t *content = rd_bytes(r, &len);
    uint32_t mode = rd_u32(r);
    reader_done(r, op);
    if (scratch_fd < 0)
        fail("plan", EINVAL, "file %s before a scratch op", dst);
    char name[32];
    snprintf(name, sizeof name, "f%u", scratch_seq++);
    int fd = openat(scratch_fd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("create", errno, "scratch file for %s", dst);
    if (!io_write_all(fd, content, len, 0))
        fail("write", errno, "content of %s", dst);
    if (fchmod(fd, mode & 07777) < 0)
        fail("chmod", errno, "scratch file for %s", dst);
    close(fd);
    int mfd = sys_open_tree(scratch_fd, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (mfd < 0)
        fail("open_tree", errno, "scratch file for %s", dst);
    int tfd = open_target(dst, KIND_FILE, "file");
    attach(mfd, tfd, "file", dst);
    close(tfd);
}

static int is_mount_root(int fd)
{
    struct statx stx; /* through syscall(): musl before 1.2.5 has no statx() */
    if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, 0, &stx) < 0)
        return 0;
    return (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
           (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

static void op_remount_ro(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r);
    uint32_t flags = rd_u32(r);
    reader_done(r, op);
    int fd = resolve(dst, O_PATH);
    if (fd < 0 && errno == ENOENT && (flags & FS_RO_MISSING_OK))
        return;
    if (fd < 0)
        fail("openat2", errno, "%s in the new root", dst);
    unsigned rec = (flags & FS_RO_RECURSIVE) ? AT_RECURSIVE : 0;
    if (is_mount_root(fd)) {
        if (sys_setattr(fd, rec, MOUNT_ATTR_RDONLY) < 0)
            fail("mount_setattr", errno, "read-only %s", dst);
    } else {
        /* mount_setattr needs a mount root: bind dst on itself first */
        int mfd = sys_open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
        if (mfd < 0)
            fail("open_tree", errno, "%s in the new root", dst);
        if (sys_setattr(mfd, rec, MOUNT_ATTR_RDONLY) < 0)
            fail("mount_setattr", errno, "read-only %s", dst);
        attach(mfd, fd, "read-only bind", dst);
    }
    close(fd);
}

static void op_mask(struct reader *r, const struct op *op)
{
    char *dst = rd_str(r), *dev = rd_str(r);
    uint64_t attrs = rd_u64(r);
    uint32_t mode = rd_u32(r);
    reader_done(r, op);
    int fd = resolve(dst, O_PATH);
    if (fd < 0 && errno == ENOENT)
        return;
    if (fd < 0)
        fail("openat2", errno, "%s in the new root", dst);
    struct stat st;
    if (fstat(fd, &st) < 0)
        fail("stat", errno, "%s in the new root", dst);
    int dir = S_ISDIR(st.st_mode);
    int *first = dir ? &mask_dir_fd : &mask_file_fd;
    /* later masks bind the first one: one tmpfs (or null device) for all,
     * as long as the plan asks the same of them */
    int reuse = *first >= 0 && (dir ? attrs == mask_dir_attrs && mode == mask_dir_mode
                                     : strcmp(dev, mask_file_src) == 0);
    int mfd;
    if (reuse) {
        mfd = sys_open_tree(*first, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
        /* a clone keeps its source's flags; set them anyway, as the first got them */
        if (mfd < 0 || sys_setattr(mfd, 0, dir ? attrs : MOUNT_ATTR_RDONLY) < 0)
            fail(mfd < 0 ? "open_tree" : "mount_setattr", errno, "mask %s", dst);
    } else {
        /* an empty tmpfs: its root is its only inode */
        mfd = dir ? make_tmpfs(4096, 1, mode, attrs, dst) : clone_host_tree(dev, 1);
    }
    if (syscall(SYS_move_mount, mfd, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        fail("move_mount", errno, "mask at %s", dst);
    if (*first < 0 && (dir || strlen(dev) < sizeof mask_file_src)) {
        *first = mfd; /* now names the attached mask: the next one clones it */
        if (dir) {
            mask_dir_attrs = attrs;
            mask_dir_mode = mode;
        } else {
            strcpy(mask_file_src, dev);
        }
    } else {
        close(mfd);
    }
    close(fd);
}

/* pivot_root(".", ".") stacks the old root (the base, with the host's root
 * and the scratch tmpfs on it) on the new one; detaching it leaves only the
 * new root, absent the rest from /proc/self/mountinfo. */
static void op_pivot(struct reader *r, const struct op *op)
{
    reader_done(r, op);
    if (fchdir(root_fd) < 0)
        fail("chdir", errno, "new root");
    if (syscall(SYS_pivot_root, ".", ".") < 0)
        fail("pivot_root", errno, "new root");
    if (umount2(".", MNT_DETACH) < 0)
        fail("umount2", errno, "old root");
    if (chdir("/") < 0)
        fail("chdir", errno, "/");
    close(root_fd);
    root_fd = -1;
    if (scratch_fd >= 0)
        close(scratch_fd);
    scratch_fd = -1;
    if (mask_dir_fd >= 0)
        close(mask_dir_fd);
    if (mask_file_fd >= 0)
        close(mask_file_fd);
    mask_dir_fd = mask_file_fd = -1;
}

/* bubblewrap's first pivot: a private tmpfs on a host dir becomes "/", the
 * host's root moves to /old inside it. The tmpfs leaves the host dir as it
 * becomes the root, so /old/<host dir> shows the host's content again. */
static void op_base(struct reader *r, const struct op *op)
{
    char *host = rd_str(r);
    uint64_t size = rd_u64(r), inodes = rd_u64(r);
    char *old = rd_str(r);
    uint32_t n = rd_u32(r);
    if (n > 16)
        fail("plan", EINVAL, "base with %u directories", n);
    char *dirs[16];
    for (uint32_t i = 0; i < n; i++)
        dirs[i] = rd_str(r);
    reader_done(r, op);
    if (old_root[0] != '\0' || root_fd >= 0)
        fail("plan", EINVAL, "a base op after the base or the root (%s)", host);
    if (strlen(old) + 2 > sizeof old_root)
        fail("plan", ENAMETOOLONG, "old root name %s", old);

    int mfd = make_tmpfs(size, inodes, 0700, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, "base");
    int fd = open_dir(host, "base directory");
    if (syscall(SYS_move_mount, mfd, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        fail("move_mount", errno, "base tmpfs at %s", host);
    close(fd);
    /* mfd now names the attached base: create in it, then pivot from it */
    if (mkdirat(mfd, old, 0700) < 0)
        fail("mkdir", errno, "%s in the base tmpfs", old);
    for (uint32_t i = 0; i < n; i++)
        if (mkdirat(mfd, dirs[i], 0700) < 0)
            fail("mkdir", errno, "%s in the base tmpfs", dirs[i]);
    if (fchdir(mfd) < 0)
        fail("chdir", errno, "base tmpfs at %s", host);
    if (syscall(SYS_pivot_root, ".", old) < 0)
        fail("pivot_root", errno, "into the base tmpfs at %s, old root at /%s", host, old);
    if (chdir("/") < 0)
        fail("chdir", errno, "/ (the base)");
    close(mfd);
    snprintf(old_root, sizeof old_root, "/%s", old);
}

/* The minimal root without a base: its tmpfs goes on the host dir itself and
 * the steps build it through its fd, host paths unprefixed; OP_FS_PIVOT then
 * pivots into it. One tmpfs and one pivot_root fewer than a base. */
static void op_root_base(struct reader *r, const struct op *op)
{
    char *host = rd_str(r);
    uint64_t size = rd_u64(r), inodes = rd_u64(r);
    uint32_t mode = rd_u32(r);
    reader_done(r, op);
    if (old_root[0] != '\0' || root_fd >= 0)
        fail("plan", EINVAL, "a root base op after the base or the root (%s)", host);
    int mfd = make_tmpfs(size, inodes, mode, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "/");
    int fd = open_dir(host, "base directory");
    if (syscall(SYS_move_mount, mfd, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        fail("move_mount", errno, "root tmpfs at %s", host);
    close(fd);
    root_fd = mfd; /* names the attached root: steps resolve in it, the pivot enters it */
}

static void op_make_private(struct reader *r, const struct op *op)
{
    reader_done(r, op);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        fail("mount private", errno, "/");
}

void apply_fs_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    switch (op->code) {
    case OP_FS_MAKE_PRIVATE: op_make_private(&r, op); return;
    case OP_FS_BASE:         op_base(&r, op); return;
    case OP_FS_ROOT_BIND:    op_root_bind(&r, op); return;
    case OP_FS_ROOT_TMPFS:   op_root_tmpfs(&r, op); return;
    case OP_FS_ROOT_OVERLAY: op_root_overlay(&r, op); return;
    case OP_FS_ROOT_BASE:    op_root_base(&r, op); return;
    case OP_FS_SCRATCH:      op_scratch(&r, op); return;
    default: break;
    }
    need_root("filesystem");
    switch (op->code) {
    case OP_FS_BIND:       op_bind(&r, op); return;
    case OP_FS_ATTACH:     op_attach(&r, op); return;
    case OP_FS_TMPFS:      op_tmpfs(&r, op); return;
    case OP_FS_PROC:
    case OP_FS_DEVPTS:
    case OP_FS_MQUEUE:     op_special(&r, op); return;
    case OP_FS_OVERLAY:    op_overlay(&r, op); return;
    case OP_FS_SYSFS:      op_sysfs(&r, op); return;
    case OP_FS_SYMLINK:    op_symlink(&r, op); return;
    case OP_FS_MKDIR:      op_mkdir(&r, op); return;
    case OP_FS_FILE:       op_file(&r, op); return;
    case OP_FS_REMOUNT_RO: op_remount_ro(&r, op); return;
    case OP_FS_MASK:       op_mask(&r, op); return;
    case OP_FS_PIVOT:      op_pivot(&r, op); return;
    default: fail("plan", EINVAL, "unknown filesystem op 0x%x", op->code);
    }
}
