/*
 * Target role: between its creation by the init (sharing the init's memory
 * until execve, see spawn_target in init.c) and execve of the sandboxed
 * program. Applies
 * the target ops in plan order (Java orders them: session, ids, rlimits,
 * capabilities, no_new_privs, fds, seccomp last) and execs. A failure is
 * written to the exec report pipe; the init passes it on to Java.
 */
#include "harden.h"
#include "plan.h"
#include "signals.h"
#include "status.h"
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void default_signals(void)
{
    /* The init handles and blocks the forwarded signals. A signal arriving
     * before execve must act as it would on the program (a SIGTERM ends it),
     * and the program must not inherit the mask (execve keeps masks). */
    int n;
    const int *forwarded = forwarded_signals(&n);
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    for (int i = 0; i < n; i++)
        sigaction(forwarded[i], &dfl, NULL);
    sigaction(SIGCHLD, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void dup_fd(uint32_t from, uint32_t to)
{
    if ((int)to == status_fd()) {
        /* Keep the report pipe out of the way of a passed fd. */
        int moved = fcntl(status_fd(), F_DUPFD_CLOEXEC, (int)to + 1);
        if (moved < 0)
            fail("pass fd", errno, "moving the report pipe off fd %u", to);
        status_set_fd(moved);
    }
    if (dup2((int)from, (int)to) < 0)
        fail("pass fd", errno, "dup2(%u, %u)", from, to);
}

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Closes every fd >= 3 except the kept ones and the (close-on-exec)
 * report pipe, using close_range over the gaps between them. */
static void close_fds(struct reader *r)
{
    uint32_t n = rd_u32(r);
    if (n > 1024)
        fail("plan", EINVAL, "%u fds to keep", n);
    unsigned keep[1026];
    unsigned k = 0;
    keep[k++] = 2;
    keep[k++] = (unsigned)status_fd();
    for (uint32_t i = 0; i < n; i++)
        keep[k++] = rd_u32(r);
    qsort(keep, k, sizeof keep[0], cmp_uint);
    unsigned from = 3;
    for (unsigned i = 0; i < k; i++) {
        if (keep[i] >= from) {
            if (keep[i] > from && syscall(SYS_close_range, from, keep[i] - 1, 0) != 0)
                fail("close fds", errno, "close_range(%u, %u)", from, keep[i] - 1);
            from = keep[i] + 1;
        }
    }
    if (syscall(SYS_close_range, from, ~0u, 0) != 0)
        fail("close fds", errno, "close_range(%u, ~0)", from);
}

/* The program's PATH, or the search path Java sent for an environment without one. */
static const char *env_path(char **envp, const char *fallback)
{
    for (char **e = envp; *e; e++) {
        if (strncmp(*e, "PATH=", 5) == 0)
            return *e + 5;
    }
    return fallback;
}

/* execve, or a PATH search in the sandbox's own environment when the
 * program has no slash (execvpe would search the shim's environment). */
static __attribute__((noreturn)) void exec_program(const char *prog, char **argv, char **envp,
                                                    const char *search)
{
    if (strchr(prog, '/')) {
        execve(prog, argv, envp);
        fail("execve", errno, "%s", prog);
    }
    const char *path = env_path(envp, search);
    int first_err = ENOENT;
    for (const char *p = path; ; ) {
        const char *colon = strchrnul(p, ':');
        char full[PATH_MAX];
        int len = snprintf(full, sizeof full, "%.*s/%s", (int)(colon - p), p, prog);
        if (colon > p && len > 0 && len < (int)sizeof full) {
            execve(full, argv, envp);
            if (errno != ENOENT && errno != ENOTDIR && first_err == ENOENT)
                first_err = errno;
        }
        if (!*colon)
            break;
        p = colon + 1;
    }
    fail("execve", first_err, "%s not found in PATH=%s", prog, path);
}

static char **read_strs(struct reader *r)
{
    uint32_t n = rd_u32(r);
    if (n > 1u << 20)
        fail("plan", E2BIG, "%u strings", n);
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (!v)
        fail("plan", ENOMEM, "%u strings", n);
    for (uint32_t i = 0; i < n; i++)
        v[i] = rd_str(r);
    return v;
}

static void apply_target_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    switch (op->code) {
    case OP_SETSID:
        if (setsid() < 0)
            fail("setsid", errno, "new session");
        break;
    case OP_SET_CTTY:
        if (ioctl(0, TIOCSCTTY, 0) != 0)
            fail("controlling terminal", errno, "TIOCSCTTY on fd 0");
        break;
    case OP_CHDIR: {
        char *dir = rd_str(&r);
        if (chdir(dir) != 0)
            fail("chdir", errno, "%s", dir);
        break;
    }
    case OP_CLEAR_GROUPS:
        if (setgroups(0, NULL) != 0)
            fail("setgroups", errno, "clearing supplementary groups");
        break;
    case OP_SET_IDS: {
        uint32_t gid = rd_u32(&r), uid = rd_u32(&r);
        if (setresgid(gid, gid, gid) != 0)
            fail("setresgid", errno, "gid %u", gid);
        if (setresuid(uid, uid, uid) != 0)
            fail("setresuid", errno, "uid %u", uid);
        break;
    }
    case OP_KEEP_CAPS: {
        uint32_t on = rd_u32(&r);
        if (prctl(PR_SET_KEEPCAPS, on, 0, 0, 0) != 0)
            fail("prctl", errno, "PR_SET_KEEPCAPS %u", on);
        break;
    }
    case OP_DUMPABLE: {
        uint32_t on = rd_u32(&r);
        if (prctl(PR_SET_DUMPABLE, on, 0, 0, 0) != 0)
            fail("prctl", errno, "PR_SET_DUMPABLE %u", on);
        break;
    }
    case OP_RLIMIT: {
        uint32_t res = rd_u32(&r);
        uint64_t soft = rd_u64(&r), hard = rd_u64(&r);
        reader_done(&r, op);
        harden_rlimit(res, soft, hard);
        break;
    }
    case OP_NO_NEW_PRIVS:
        harden_no_new_privs();
        break;
    case OP_CAPS: {
        uint64_t keep = rd_u64(&r);
        reader_done(&r, op);
        harden_caps(keep);
        break;
    }
    case OP_SECCOMP: {
        uint32_t len;
        const uint8_t *filter = rd_bytes(&r, &len);
        reader_done(&r, op);
        harden_seccomp(filter, len);
        break;
    }
    case OP_DUP_FD: {
        uint32_t from = rd_u32(&r), to = rd_u32(&r);
        reader_done(&r, op);
        dup_fd(from, to);
        break;
    }
    case OP_CLOSE_FDS:
        close_fds(&r);
        break;
    case OP_EXEC: {
        char *prog = rd_str(&r);
        char **argv = read_strs(&r), **envp = read_strs(&r);
        char *search = rd_str(&r);
        reader_done(&r, op);
        exec_program(prog, argv, envp, search);
    }
    default:
        fail("plan", EINVAL, "unknown target op 0x%x", op->code);
    }
    reader_done(&r, op);
}

void target_run(const struct plan *plan, int report_fd)
{
    status_set_fd(report_fd);
    default_signals();
    for (uint32_t i = 0; i < plan->count; i++) {
        if (ROLE_OF(plan->ops[i].code) == ROLE_TARGET) {
            status_op(i, plan->ops[i].code);
            apply_target_op(&plan->ops[i]);
        }
    }
    status_no_op();
    fail("plan", EINVAL, "no exec op");
}
