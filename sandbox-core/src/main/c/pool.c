/*
 * A pooled sandbox's init: prepared once (namespaces, root, hostname, lo),
 * it runs one target per request on its channel and resets between runs
 * what the preparation's ops named (see pool.h). Every check that fails
 * ends this init: the pool then discards it and prepares a fresh one, so a
 * run never starts in a sandbox in an unknown state.
 */
#include "pool.h"
#include "fds.h"
#include "init.h"
#include "io.h"
#include "plan.h"
#include "signals.h"
#include "target.h"
#include "server.h"
#include "status.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_GROUPS 16 /* cgroup.procs fds: one per hierarchy (v1 has a few) */
#define MAX_EMPTY 16
#define MAX_DEPTH 64
#define RUN_FD_BASE 64 /* received fds move above every slot we keep */

struct entry {
    char *name;
    mode_t mode;
    uid_t uid;
    gid_t gid;
    dev_t rdev;
    char *link; /* symlink target, or NULL */
};

struct kept_dir {
    char *path;
    struct entry self; /* the directory itself (name unused) */
    struct entry *entries;
    size_t count;
};

static int serving, chan = -1, new_ipc, keep_uts, check_mounts;
static uint32_t reset_ms;
static int home[MAX_GROUPS], nhome;
static struct kept_dir kept[MAX_EMPTY];
static size_t nkept;
static char *mounts_snapshot;
static size_t mounts_len;
static struct utsname uts;

int pool_active(void) { return serving; }

static int fd_of_slot(struct reader *r, const struct op *op)
{
    uint32_t slot = rd_u32(r);
    reader_done(r, op);
    if (fcntl((int)slot, F_GETFD) < 0)
        fail("pool", errno, "no fd at slot %u (op 0x%x)", slot, op->code);
    return (int)slot;
}

void pool_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    switch (op->code) {
    case OP_POOL_HOME:
        if (nhome == MAX_GROUPS)
            fail("pool", E2BIG, "more than %d home cgroups", MAX_GROUPS);
        home[nhome++] = fd_of_slot(&r, op);
        break;
    case OP_POOL_EMPTY:
        if (nkept == MAX_EMPTY)
            fail("pool", E2BIG, "more than %d writable mounts to empty", MAX_EMPTY);
        kept[nkept++].path = rd_str(&r);
        break;
    case OP_POOL_MOUNTS:
        check_mounts = 1;
        break;
    case OP_POOL_UTS:
        keep_uts = 1;
        break;
    case OP_POOL_NEW_IPC:
        new_ipc = 1;
        break;
    case OP_POOL_SERVE:
        chan = (int)rd_u32(&r);
        reset_ms = rd_u32(&r);
        if (fcntl(chan, F_SETFD, FD_CLOEXEC) != 0)
            fail("pool", errno, "channel at slot %d", chan);
        serving = 1;
        break;
    default:
        fail("plan", EINVAL, "op 0x%x is not a preparation op", op->code);
    }
    reader_done(&r, op);
}

/* ---- snapshots taken once prepared, checked at every reset ---- */

static char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("pool reset", errno, "open %s", path);
    size_t cap = 16384, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            fail("pool reset", ENOMEM, "reading %s", path);
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            fail("pool reset", errno, "read %s", path);
        if (got == 0)
            break;
        if ((n += (size_t)got) == cap)
            buf = realloc(buf, cap *= 2);
    }
    close(fd);
    *len = n;
    return buf;
}

static void describe(int dirfd, const char *name, struct entry *e, const char *where)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        fail("pool reset", errno, "lstat %s/%s", where, name);
    *e = (struct entry){ NULL, st.st_mode, st.st_uid, st.st_gid, st.st_rdev, NULL };
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlinkat(dirfd, name, target, sizeof target - 1);
        if (n < 0)
            fail("pool reset", errno, "readlink %s/%s", where, name);
        target[n] = '\0';
        e->link = strdup(target);
    }
}

static int same(const struct entry *a, const struct entry *b)
{
    return a->mode == b->mode && a->uid == b->uid && a->gid == b->gid && a->rdev == b->rdev
           && (a->link == NULL) == (b->link == NULL) && (!a->link || strcmp(a->link, b->link) == 0);
}

static void free_entry(struct entry *e)
{
    free(e->link);
    e->link = NULL;
}

static DIR *open_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d)
        fail("pool reset", errno, "open directory %s", path);
    return d;
}

static void snapshot_dir(struct kept_dir *k)
{
    describe(AT_FDCWD, k->path, &k->self, "");
    DIR *d = open_dir(k->path);
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (k->count == cap) {
            cap = cap ? cap * 2 : 16;
            k->entries = realloc(k->entries, cap * sizeof *k->entries);
            if (!k->entries)
                fail("pool", ENOMEM, "snapshot of %s", k->path);
        }
        struct entry *e = &k->entries[k->count++];
        describe(dirfd(d), de->d_name, e, k->path);
        e->name = strdup(de->d_name);
    }
    closedir(d);
}

static void take_snapshots(void)
{
    for (size_t i = 0; i < nkept; i++)
        snapshot_dir(&kept[i]);
    if (check_mounts)
        mounts_snapshot = read_file("/proc/self/mountinfo", &mounts_len);
    if (keep_uts && uname(&uts) != 0)
        fail("pool", errno, "uname");
}

/* ---- the reset ---- */

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Kills every process of the pid namespace but us and reaps them; fails
 * when one is left at the deadline (stuck, e.g. in a frozen cgroup). */
static void kill_all(int sfd)
{
    long long deadline = now_ms() + reset_ms;
    for (;;) {
        kill(-1, SIGKILL); /* again each round: a fork racing the last kill is caught */
        pid_t p;
        while ((p = waitpid(-1, NULL, WNOHANG | __WALL)) > 0)
            ;
        if (p < 0 && errno == ECHILD)
            break;
        long long left = deadline - now_ms();
        if (left <= 0)
            fail("pool reset", ETIMEDOUT, "processes of the last run still there after %u ms", reset_ms);
        struct pollfd pfd = { .fd = sfd, .events = POLLIN };
        if (poll(&pfd, 1, (int)left) == 1) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) < 0) { /* drained: waitpid tells */ }
        }
    }
    /* Verified from the namespace's own /proc: nobody but us. */
    DIR *d = open_dir("/proc");
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] >= '1' && de->d_name[0] <= '9' && strcmp(de->d_name, "1") != 0)
            fail("pool reset", EBUSY, "process %s still in the sandbox after the run", de->d_name);
    }
    closedir(d);
}

static void write_zero(int fd, const char *what)
{
    if (pwrite(fd, "0", 1, 0) != 1)
        fail("pool cgroup", errno, "moving the init into %s", what);
}

/* Back into the init's own groups, then the run's must be empty. */
static void leave_run_groups(const int *run, int nrun)
{
    for (int i = 0; i < nhome; i++)
        write_zero(home[i], "its own cgroup");
    for (int i = 0; i < nrun; i++) {
        char c;
        ssize_t n = pread(run[i], &c, 1, 0);
        if (n != 0)
            fail("pool reset", n < 0 ? errno : EBUSY, "the run's cgroup is not empty after the run");
        close(run[i]);
    }
}

static void remove_tree(int parent, const char *name, int depth, const char *root)
{
    if (unlinkat(parent, name, 0) == 0)
        return;
    if (errno != EISDIR && errno != EPERM)
        fail("pool reset", errno, "unlink %s/.../%s", root, name);
    if (depth >= MAX_DEPTH)
        fail("pool reset", ELOOP, "more than %d levels of directories below %s", MAX_DEPTH, root);
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d)
        fail("pool reset", errno, "open %s/.../%s", root, name);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            remove_tree(dirfd(d), de->d_name, depth + 1, root);
    }
    closedir(d);
    if (unlinkat(parent, name, AT_REMOVEDIR) != 0)
        fail("pool reset", errno, "rmdir %s/.../%s", root, name);
}

/* Removes what the run added; what the preparation left must be as it was. */
static void empty_dir(const struct kept_dir *k)
{
    struct entry now;
    describe(AT_FDCWD, k->path, &now, "");
    int changed = !same(&now, &k->self);
    free_entry(&now);
    if (changed)
        fail("pool reset", EPERM, "%s: its mode or owner changed during the run", k->path);
    DIR *d = open_dir(k->path);
    size_t found = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        const struct entry *was = NULL;
        for (size_t i = 0; i < k->count && !was; i++) {
            if (!strcmp(k->entries[i].name, de->d_name))
                was = &k->entries[i];
        }
        if (!was) {
            remove_tree(dirfd(d), de->d_name, 0, k->path);
            continue;
        }
        describe(dirfd(d), de->d_name, &now, k->path);
        changed = !same(&now, was);
        free_entry(&now);
        if (changed)
            fail("pool reset", EPERM, "%s/%s changed during the run", k->path, de->d_name);
        found++;
    }
    closedir(d);
    if (found != k->count)
        fail("pool reset", ENOENT, "%s: %zu of its %zu prepared entries are gone", k->path, k->count - found,
             k->count);
}

static void reset_rest(void)
{
    for (size_t i = 0; i < nkept; i++)
        empty_dir(&kept[i]);
    if (check_mounts) {
        size_t len;
        char *now = read_file("/proc/self/mountinfo", &len);
        int differs = len != mounts_len || memcmp(now, mounts_snapshot, len) != 0;
        free(now);
        if (differs)
            fail("pool reset", EBUSY, "the mount table changed during the run");
    }
    if (keep_uts && (sethostname(uts.nodename, strlen(uts.nodename)) != 0
                     || setdomainname(uts.domainname, strlen(uts.domainname)) != 0))
        fail("pool reset", errno, "setting the hostname back to %s", uts.nodename);
    if (new_ipc && unshare(CLONE_NEWIPC) != 0)
        fail("pool reset", errno, "unshare CLONE_NEWIPC");
}

/* ---- one run ---- */

struct run {
    int slots[REQUEST_MAX_FDS];
    int fds[REQUEST_MAX_FDS];
    int n;
    int groups[MAX_GROUPS];
    int ngroups;
};

static int run_fd(const struct run *run, uint32_t slot)
{
    for (int i = 0; i < run->n; i++) {
        if (run->slots[i] == (int)slot)
            return run->fds[i];
    }
    fail("pool run", EBADF, "no fd for slot %u", slot);
}

/* Receives the next run; 0 when the channel closed (the pool let us go). */
static int receive_run(struct run *run)
{
    uint32_t words[REQUEST_HEADER / 4 + REQUEST_MAX_FDS];
    int fds[REQUEST_MAX_FDS], n, cut;
    ssize_t len = recv_with_fds(chan, words, sizeof words, 0, fds, &n, &cut);
    if (len <= 0)
        return 0;
    /* Above every fd we keep, so stdio can be placed at 0-2 without clobbering. */
    for (int i = 0; i < n; i++) {
        int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, RUN_FD_BASE);
        if (moved < 0)
            fail("pool run", errno, "moving a received fd");
        close(fds[i]);
        fds[i] = moved;
    }
    if (cut || len < REQUEST_HEADER || words[0] != REQUEST_MAGIC
        || words[2] != (uint32_t)n || (size_t)len != REQUEST_HEADER + 4 * (size_t)n)
        fail("pool run", EINVAL, "malformed run request (%zd bytes, %d fds)", len, n);
    run->n = n;
    run->ngroups = 0;
    for (int i = 0; i < n; i++) {
        run->slots[i] = (int)words[REQUEST_HEADER / 4 + i];
        run->fds[i] = fds[i];
    }
    return 1;
}

static void place_file(struct reader *r, const struct op *op)
{
    char *path = rd_str(r);
    uint32_t mode = rd_u32(r), uid = rd_u32(r), gid = rd_u32(r), len;
    const uint8_t *content = rd_bytes(r, &len);
    reader_done(r, op);
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) == 0) {
            if (chown(path, uid, gid) != 0)
                fail("pool file", errno, "chown %s", path);
        } else if (errno != EEXIST) {
            fail("pool file", errno, "mkdir %s", path);
        }
        *slash = '/';
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("pool file", errno, "create %s", path);
    for (uint32_t done = 0; done < len;) {
        ssize_t w = write(fd, content + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            fail("pool file", w < 0 ? errno : EIO, "write %s", path);
        done += (uint32_t)w;
    }
    if (fchown(fd, uid, gid) != 0 || fchmod(fd, mode) != 0)
        fail("pool file", errno, "owner and mode of %s", path);
    close(fd);
    free(path);
}

static void apply_run_ops(const struct plan *plan, struct run *run)
{
    for (uint32_t i = 0; i < plan->count; i++) {
        const struct op *op = &plan->ops[i];
        if (ROLE_OF(op->code) == ROLE_TARGET)
            continue;
        struct reader r;
        reader_init(&r, op);
        if (op->code == OP_RUN_CGROUP && run->ngroups < MAX_GROUPS) {
            uint32_t slot = rd_u32(&r);
            reader_done(&r, op);
            run->groups[run->ngroups] = run_fd(run, slot);
            write_zero(run->groups[run->ngroups++], "the run's cgroup");
        } else if (op->code == OP_RUN_FILE) {
            place_file(&r, op);
        } else {
            fail("plan", EINVAL, "op 0x%x is not a run op", op->code);
        }
    }
}

/* Waits for the target, forwarding control bytes; returns its wait status. */
static int supervise_run(pid_t target, int sfd, int control, struct rusage *ru)
{
    for (;;) {
        struct pollfd fds[2] = { { .fd = sfd, .events = POLLIN }, { .fd = control, .events = POLLIN } };
        if (poll(fds, 2, -1) < 0)
            continue; /* EINTR */
        if (fds[1].revents) {
            unsigned char req[64];
            ssize_t n = read(control, req, sizeof req);
            if (n <= 0 && !(n < 0 && errno == EINTR)) {
                kill(-1, SIGKILL); /* Java let go of the run: so do we */
                control = -1;
            }
            for (ssize_t i = 0; i < n; i++)
                kill(req[i] == SIGKILL ? -1 : target, req[i]);
        }
        if (!(fds[0].revents & POLLIN))
            continue;
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) != sizeof si)
            continue;
        if (si.ssi_signo != SIGCHLD) {
            kill(target, (int)si.ssi_signo);
            continue;
        }
        int status;
        pid_t p;
        while ((p = wait4(-1, &status, WNOHANG | __WALL, ru)) > 0) {
            if (p == target)
                return status;
        }
    }
}

static void send_ready(void)
{
    status_set_fd(chan);
    status_write(STATUS_POOL_READY, NULL, 0);
}

static void serve_one(struct run *run, int sfd)
{
    static struct plan plan;
    int status_pipe = run_fd(run, FD_STATUS), control = run_fd(run, FD_CONTROL);
    status_set_fd(status_pipe); /* setup failures go to the run, like a fresh init's */
    plan_read(run_fd(run, FD_PLAN), &plan);
    apply_run_ops(&plan, run);
    for (int fd = 0; fd < 3; fd++) {
        if (dup2(run_fd(run, (uint32_t)fd), fd) != fd)
            fail("pool run", errno, "stdio fd %d", fd);
    }
    for (int i = 0; i < run->n; i++) {
        int keep = run->fds[i] == status_pipe || run->fds[i] == control;
        for (int g = 0; g < run->ngroups; g++)
            keep |= run->fds[i] == run->groups[g]; /* checked empty and closed after the run */
        if (!keep)
            close(run->fds[i]); /* the target has its stdio at 0-2 */
    }
    pid_t target = start_target(&plan);
    close(0);
    close(1);
    close(2);
    int32_t ended = SHIM_SETUP_FAILED << 8; /* what a fresh init's wait status would be */
    if (target > 0) {
        struct rusage ru;
        int st = supervise_run(target, sfd, control, &ru);
        write_exited(st, &ru);
        ended = (WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st)) << 8;
    }
    plan_free(&plan);
    status_set_fd(chan); /* from here a failure is the reset's: the pool hears it */
    kill_all(sfd);
    leave_run_groups(run->groups, run->ngroups);
    status_set_fd(status_pipe);
    status_write(STATUS_REAPED, &ended, sizeof ended);
    close(status_pipe);
    close(control);
}

void pool_serve(int sfd, uint32_t host_pid)
{
    take_snapshots();
    uint32_t started[2] = { 1, host_pid };
    status_write(STATUS_STARTED, started, sizeof started);
    close(FD_STATUS);
    close(0);
    close(1);
    close(2);
    send_ready();
    static struct run run;
    while (receive_run(&run)) {
        serve_one(&run, sfd);
        status_set_fd(chan);
        reset_rest();
        send_ready();
    }
    _exit(0);
}
