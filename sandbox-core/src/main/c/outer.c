/*
 * Outer steps of one launch, run by the server in the host's namespaces:
 * take the spare init (spare.c) or clone one with every namespace the plan
 * asks for, write its id maps
 * and cgroup membership from outside (as root that is the only place
 * allowed to map root inside to an unprivileged host id), release it by
 * writing its host pid to it.
 * A failure kills the init, reports, and returns to the server through
 * fail()'s jump.
 */
#include "creator.h"
#include "roles.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t init_pid;
static int release_fd = -1;

static void kill_init_and_fail(const char *step, int err, const char *path)
{
    kill(init_pid, SIGKILL);
    waitpid(init_pid, NULL, 0);
    close(release_fd);
    release_fd = -1;
    fail(step, err, "%s", path);
}

static void write_file(const char *step, const char *path, const uint8_t *text, uint32_t n)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        kill_init_and_fail(step, errno, path);
    ssize_t w = write(fd, text, n);
    int err = errno;
    close(fd);
    if (w != (ssize_t)n)
        kill_init_and_fail(step, w < 0 ? err : EIO, path);
}

static void write_proc_file(const char *step, const char *name, const uint8_t *text, uint32_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)init_pid, name);
    write_file(step, path, text, n);
}

/* Reads an op's one string payload without allocating: nothing may leak
 * when a failure jumps back to the server (and the init must die first,
 * which reader_done would not do). */
static const uint8_t *str_arg(struct reader *r, const struct op *op, uint32_t *len)
{
    const uint8_t *p = rd_bytes(r, len);
    if (!reader_ok(r)) {
        char what[48];
        snprintf(what, sizeof what, "malformed payload of op 0x%x", op->code);
        kill_init_and_fail("plan", EINVAL, what);
    }
    return p;
}

/* Runs an id map helper for the init and waits for it; no allocation, as
 * for every outer op (a failure jumps back to the server). */
static void run_map_helper(struct reader *r, const struct op *op)
{
    uint32_t plen;
    const uint8_t *path = rd_bytes(r, &plen);
    uint32_t n = rd_u32(r);
    char pathz[256], pid[16], argbuf[512];
    char *argv[16];
    if (r->bad || plen == 0 || plen >= sizeof pathz || n > 12)
        kill_init_and_fail("plan", EINVAL, "malformed id map helper op");
    memcpy(pathz, path, plen);
    pathz[plen] = '\0';
    snprintf(pid, sizeof pid, "%d", (int)init_pid);
    int argc = 0;
    argv[argc++] = pathz;
    argv[argc++] = pid;
    size_t used = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const uint8_t *a = rd_bytes(r, &len);
        if (r->bad || used + len + 1 > sizeof argbuf)
            kill_init_and_fail("plan", EINVAL, "malformed id map helper op");
        memcpy(argbuf + used, a, len);
        argbuf[used + len] = '\0';
        argv[argc++] = argbuf + used;
        used += len + 1;
    }
    argv[argc] = NULL;
    if (!reader_ok(r)) /* every read fit and nothing is left over */
        kill_init_and_fail("plan", EINVAL, "malformed id map helper op");
    (void)op;
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        kill_init_and_fail("pipe2", errno, pathz);
    pid_t helper = fork();
    if (helper == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL); /* the server's blocked SIGCHLD is not the helper's */
        dup2(out[1], 1);
        dup2(out[1], 2);
        char *env[] = { NULL };
        execve(pathz, argv, env);
        _exit(127);
    }
    int err = errno;
    close(out[1]);
    char said[160];
    ssize_t got = 0, k;
    while (got < (ssize_t)sizeof said - 1 && (k = read(out[0], said + got, sizeof said - 1 - (size_t)got)) != 0) {
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            break;
        got += k;
    }
    close(out[0]);
    said[got] = '\0';
    for (ssize_t i = 0; i < got; i++) {
        if (said[i] == '\n')
            said[i] = i == got - 1 ? '\0' : ' ';
    }
    if (helper < 0)
        kill_init_and_fail("fork", err, pathz);
    int status = 0;
    while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char what[512];
        snprintf(what, sizeof what, "%s %s ... %s %d: %s", pathz, pid,
                 WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                 got ? said : "(no output)");
        kill_init_and_fail("id map helper", EPERM, what);
    }
}

static void apply_outer_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    uint32_t n;
    switch (op->code) {
    case OP_CLONE:
    case OP_HOST_IDS:
        return; /* consumed by clone_flags() and creator_of() before the clone */
    case OP_SETGROUPS_DENY:
        write_proc_file("setgroups", "setgroups", (const uint8_t *)"deny", 4);
        return;
    case OP_UID_MAP: {
        const uint8_t *map = str_arg(&r, op, &n);
        write_proc_file("uid_map", "uid_map", map, n);
        return;
    }
    case OP_GID_MAP: {
        const uint8_t *map = str_arg(&r, op, &n);
        write_proc_file("gid_map", "gid_map", map, n);
        return;
    }
    case OP_ID_MAP_HELPER:
        run_map_helper(&r, op);
        return;
    case OP_CGROUP_JOIN: {
        const uint8_t *procs = str_arg(&r, op, &n);
        char path[4096], pid[16];
        if (n >= sizeof path || memchr(procs, 0, n))
            kill_init_and_fail("cgroup join", ENAMETOOLONG, "cgroup.procs path");
        memcpy(path, procs, n);
        path[n] = '\0';
        int len = snprintf(pid, sizeof pid, "%d", (int)init_pid);
        write_file("cgroup join", path, (const uint8_t *)pid, (uint32_t)len);
        return;
    }
    default:
        kill_init_and_fail("plan", EINVAL, "unknown outer op");
    }
}

static uint64_t clone_flags(const struct plan *plan)
{
    uint64_t flags = 0;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->ops[i].code == OP_CLONE) {
            struct reader r;
            reader_init(&r, &plan->ops[i]);
            flags |= rd_u64(&r);
            reader_done(&r, &plan->ops[i]); /* before the clone: nothing to undo */
        }
    }
    return flags;
}

/* The ids the plan's user namespace is created as: the server's own without OP_HOST_IDS. */
static struct creator creator_of(const struct plan *plan)
{
    struct creator c = { CREATOR_SERVER, CREATOR_SERVER, UINT64_MAX };
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->ops[i].code == OP_HOST_IDS) {
            struct reader r;
            reader_init(&r, &plan->ops[i]);
            c.uid = rd_u32(&r);
            c.gid = rd_u32(&r);
            c.nproc = rd_u64(&r);
            reader_done(&r, &plan->ops[i]); /* before the clone: nothing to undo */
        }
    }
    return c;
}

static uint64_t last_flags;

uint64_t outer_last_flags(void) { return last_flags; }

/* A fresh init: the clone a spare saves (see spare.c). */
static pid_t clone_init(uint64_t flags, const struct creator *as, const struct plan *plan,
                        const struct placed_fd *fds, int nfds, int *release)
{
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) != 0)
        fail("pipe2", errno, "init release pipe");
    const char *step = "clone";
    if (!creator_enter(as, &step)) {
        int err = errno;
        close(sync[0]);
        close(sync[1]);
        fail(step, err, "creator uid %u gid %u", as->uid, as->gid);
    }
    /* A raw clone without a new stack behaves like fork, with namespaces;
     * the server's memory is small, so its copy is cheap. */
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
    int clone_err = errno;
    if (pid == 0) {
        creator_child(as);
        status_fail_jump(NULL); /* from here a failure ends this process */
        init_enter(plan, fds, nfds, sync[0]);
    }
    creator_leave(as);
    if (pid < 0) {
        close(sync[0]);
        close(sync[1]);
        fail("clone", clone_err, "flags 0x%llx as uid %u gid %u", (unsigned long long)flags, as->uid, as->gid);
    }
    close(sync[0]);
    *release = sync[1];
    return pid;
}

pid_t outer_launch(const struct plan *plan, const struct placed_fd *fds, int nfds)
{
    uint64_t flags = clone_flags(plan);
    struct creator as = creator_of(plan);
    int release = -1;
    pid_t pid = spare_take(flags, &as, plan, fds, nfds, &release);
    if (pid < 0)
        pid = clone_init(flags, &as, plan, fds, nfds, &release);
    last_flags = flags;
    init_pid = pid;
    release_fd = release;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (ROLE_OF(plan->ops[i].code) == ROLE_OUTER)
            apply_outer_op(&plan->ops[i]);
    }
    /* The release is the init's host pid: it cannot see it itself. */
    uint32_t host_pid = (uint32_t)pid;
    if (write(release_fd, &host_pid, sizeof host_pid) != sizeof host_pid)
        kill_init_and_fail("release init", errno, "sync pipe");
    close(release_fd);
    release_fd = -1;
    return pid;
}
