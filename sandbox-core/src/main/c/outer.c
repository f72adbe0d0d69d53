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
#include "fds.h"
#include "init.h"
#include "maphelper.h"
#include "net.h"
#include "outer.h"
#include "plan.h"
#include "spare.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t init_pid;
static int release_fd = -1;
static int premapped; /* the spare taken already ran this plan's id map helpers */
static pid_t net_helper; /* started for this launch, 0 for none */

pid_t outer_last_helper(void) { return net_helper; }

static void kill_init_and_fail(const char *step, int err, const char *path)
{
    net_helper_stop(net_helper);
    net_helper = 0;
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

static void apply_outer_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    uint32_t n;
    switch (op->code) {
    case OP_CLONE:
    case OP_HOST_IDS:
    case OP_NET_USERNS:
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
    case OP_ID_MAP_HELPER: {
        if (premapped)
            return; /* the spare's helpers ran when it was cloned, with this very op */
        char why[512];
        int r = map_helper_run(op->data, op->len, init_pid, why, sizeof why);
        if (r != 0)
            kill_init_and_fail(r < 0 ? "plan" : "id map helper", r < 0 ? EINVAL : EPERM, why);
        return;
    }
    case OP_NET_HELPER: {
        char why[512];
        pid_t h = net_helper ? -1 : net_helper_start(op->data, op->len, init_pid, why, sizeof why);
        if (net_helper)
            snprintf(why, sizeof why, "a second network helper");
        if (h < 0)
            kill_init_and_fail(h == -1 ? "plan" : "network helper", h == -1 ? EINVAL : ECHILD, why);
        net_helper = h;
        return;
    }
    case OP_NET_VETH: {
        char why[512];
        int v = net_veth_run(op->data, op->len, init_pid, why, sizeof why);
        if (v != 0)
            kill_init_and_fail(v < 0 ? "plan" : "private network", v < 0 ? EINVAL : EPERM, why);
        return;
    }
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

/* The clone flags, and in *at the index of the (last) OP_CLONE. */
static uint64_t clone_flags(const struct plan *plan, uint32_t *at)
{
    uint64_t flags = 0;
    *at = UINT32_MAX;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->ops[i].code == OP_CLONE) {
            status_op(i, OP_CLONE);
            *at = i;
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
            status_op(i, OP_HOST_IDS); /* entering these ids is part of the clone */
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
static uint8_t last_maps[MAPS_SIG_MAX];
static uint32_t last_maps_len;

uint64_t outer_last_flags(void) { return last_flags; }

const uint8_t *outer_last_maps(uint32_t *len)
{
    *len = last_maps_len;
    return last_maps;
}

/* The plan's id map helper ops, each as u32 length + payload: what a spare
 * can run ahead. 0 when there are none, or too many to keep. */
static uint32_t maps_sig(const struct plan *plan, uint8_t *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < plan->count; i++) {
        const struct op *op = &plan->ops[i];
        if (op->code != OP_ID_MAP_HELPER)
            continue;
        if (n + 4 + op->len > MAPS_SIG_MAX)
            return 0;
        memcpy(out + n, &op->len, 4);
        memcpy(out + n + 4, op->data, op->len);
        n += 4 + op->len;
    }
    return n;
}

struct nested {
    char path[256];
    char maps[2][4096]; /* uid_map, gid_map */
};

/* The plan's OP_NET_USERNS (NUL-terminated copies), or NULL. */
static const struct nested *nested_userns(const struct plan *plan)
{
    static struct nested out;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->ops[i].code != OP_NET_USERNS)
            continue;
        struct reader r;
        reader_init(&r, &plan->ops[i]);
        char *dst[3] = { out.path, out.maps[0], out.maps[1] };
        size_t cap[3] = { sizeof out.path, sizeof out.maps[0], sizeof out.maps[1] };
        for (int k = 0; k < 3; k++) {
            uint32_t n;
            const uint8_t *p = rd_bytes(&r, &n);
            if (r.bad || n == 0 || n >= cap[k] || memchr(p, 0, n))
                fail("plan", EINVAL, "malformed payload of op 0x%x", OP_NET_USERNS); /* before the clone */
            memcpy(dst[k], p, n);
            dst[k][n] = '\0';
        }
        if (!reader_ok(&r))
            fail("plan", EINVAL, "malformed payload of op 0x%x", OP_NET_USERNS);
        return &out;
    }
    return NULL;
}

/* In the user namespace the init's was made in: its maps. 0 or an errno. */
static int write_nested_maps(pid_t pid, const struct nested *n)
{
    const char *names[2] = { "uid_map", "gid_map" };
    for (int k = 0; k < 2; k++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, names[k]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return errno;
        size_t len = strlen(n->maps[k]);
        ssize_t w = write(fd, n->maps[k], len);
        int err = errno;
        close(fd);
        if (w != (ssize_t)len)
            return w < 0 ? err : EIO;
    }
    return 0;
}

/* clone(2) from a child that joined the user namespace at n->path first,
 * with CLONE_PARENT: the init is still the server's child, and its own user
 * namespace is made inside that one, whose maps the child writes. Returns
 * as clone does (0 in the init); -1 with *err set. */
static pid_t clone_nested(uint64_t flags, const struct nested *n, int *err)
{
    int ns = open(n->path, O_RDONLY | O_CLOEXEC);
    int p[2] = { -1, -1 };
    if (ns < 0 || pipe2(p, O_CLOEXEC) != 0) {
        *err = errno;
        if (ns >= 0)
            close(ns);
        return -1;
    }
    pid_t mid = fork();
    if (mid == 0) {
        int32_t r;
        if (setns(ns, CLONE_NEWUSER) != 0) {
            r = -errno;
        } else {
            pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | CLONE_PARENT | SIGCHLD, NULL, NULL, NULL,
                                       NULL);
            if (pid == 0) {
                close(p[0]);
                close(p[1]);
                close(ns);
                return 0;
            }
            r = pid < 0 ? -errno : pid;
            int merr = pid > 0 ? write_nested_maps(pid, n) : 0;
            if (merr) {
                kill(pid, SIGKILL); /* the server reaps it: it is the server's child */
                r = -merr;
            }
        }
        _exit(write(p[1], &r, sizeof r) == sizeof r ? 0 : 1);
    }
    *err = errno;
    close(p[1]);
    close(ns);
    int32_t r = mid < 0 ? -*err : -EIO;
    if (mid > 0) {
        while (read(p[0], &r, sizeof r) < 0 && errno == EINTR)
            ;
        while (waitpid(mid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    close(p[0]);
    if (r < 0) {
        *err = -r;
        return -1;
    }
    return r;
}

/* A fresh init: the clone a spare saves (see spare.c). */
static pid_t clone_init(uint64_t flags, const struct creator *as, const struct plan *plan,
                        const struct placed_fd *fds, int nfds, int *release, const struct nested *nested)
{
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) != 0)
        fail("pipe2", errno, "init release pipe");
    const char *step = "clone";
    if (!creator_enter(as, &step)) {
        int err = errno;
        close(sync[0]);
        close(sync[1]);
        fail(step, err, "to clone as host uid %u gid %u", as->uid, as->gid);
    }
    /* A raw clone without a new stack behaves like fork, with namespaces;
     * the server's memory is small, so its copy is cheap. */
    int clone_err = 0;
    pid_t pid = nested ? clone_nested(flags, nested, &clone_err)
                       : (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (!nested)
        clone_err = errno;
    if (pid == 0) {
        creator_child(as);
        status_fail_jump(NULL); /* from here a failure ends this process */
        init_enter(plan, fds, nfds, sync[0]);
    }
    creator_leave(as);
    if (pid < 0) {
        close(sync[0]);
        close(sync[1]);
        if (nested)
            fail("clone", clone_err, "flags 0x%llx inside the user namespace %s (or its id maps)",
                 (unsigned long long)flags, nested->path);
        if (as->uid == CREATOR_SERVER)
            fail("clone", clone_err, "flags 0x%llx", (unsigned long long)flags);
        fail("clone", clone_err, "flags 0x%llx as host uid %u gid %u (RLIMIT_NPROC %llu)", (unsigned long long)flags,
             as->uid, as->gid, (unsigned long long)as->nproc);
    }
    close(sync[0]);
    *release = sync[1];
    return pid;
}

pid_t outer_launch(const struct plan *plan, const struct placed_fd *fds, int nfds)
{
    uint32_t clone_at;
    uint64_t flags = clone_flags(plan, &clone_at);
    struct creator as = creator_of(plan);
    status_op(clone_at, OP_CLONE); /* what fails from here to the outer ops is the clone */
    static uint8_t maps[MAPS_SIG_MAX];
    uint32_t maps_len = maps_sig(plan, maps);
    int release = -1;
    const struct nested *nested = nested_userns(plan); /* never a spare: it was cloned outside */
    pid_t pid = nested ? -1 : spare_take(flags, &as, maps, maps_len, plan, fds, nfds, &release);
    premapped = pid >= 0 && maps_len > 0;
    if (pid < 0)
        pid = clone_init(flags, &as, plan, fds, nfds, &release, nested);
    last_flags = flags;
    memcpy(last_maps, maps, maps_len);
    last_maps_len = maps_len;
    init_pid = pid;
    release_fd = release;
    net_helper = 0;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (ROLE_OF(plan->ops[i].code) == ROLE_OUTER) {
            status_op(i, plan->ops[i].code);
            apply_outer_op(&plan->ops[i]);
        }
    }
    status_no_op();
    /* The release is the init's host pid: it cannot see it itself. */
    uint32_t host_pid = (uint32_t)pid;
    if (write(release_fd, &host_pid, sizeof host_pid) != sizeof host_pid)
        kill_init_and_fail("release init", errno, "sync pipe");
    close(release_fd);
    release_fd = -1;
    return pid;
}
