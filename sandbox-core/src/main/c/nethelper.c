/*
 * Starts the user-mode network helper of an OP_NET_HELPER (pasta or
 * slirp4netns, as Java wrote its command line) for an init, the server's
 * child, and waits until it says the sandbox's interface is configured.
 * The server kills it when the init is reaped (server.c); a parent-death
 * signal takes it should the server die first. No allocation: the outer
 * role may jump back to the server on a failure.
 */
#include "fds.h"
#include "io.h"
#include "net.h"
#include "plan.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64
#define KEEP_ID 0xffffffffu

struct helper_cmd {
    char path[256];
    char *argv[MAX_ARGS + 2];
    uint32_t uid, gid, ready_fd, timeout_ms, ns_fd;
};

/* Parses the payload into static storage; pid goes in at argument pid_at
 * (none when pid_at is ~0). */
static int parse(const uint8_t *payload, uint32_t len, pid_t pid, struct helper_cmd *c)
{
    static char argbuf[8192], pidz[16];
    struct op op = { OP_NET_HELPER, len, payload };
    struct reader r;
    reader_init(&r, &op);
    uint32_t plen;
    const uint8_t *path = rd_bytes(&r, &plen);
    c->uid = rd_u32(&r);
    c->gid = rd_u32(&r);
    c->ready_fd = rd_u32(&r);
    c->timeout_ms = rd_u32(&r);
    uint32_t pid_at = rd_u32(&r);
    c->ns_fd = rd_u32(&r);
    uint32_t n = rd_u32(&r);
    if (r.bad || plen == 0 || plen >= sizeof c->path || n >= MAX_ARGS || (pid_at > n && pid_at != KEEP_ID)
        || c->ready_fd < 3 || c->ready_fd > 64 || (c->ns_fd && (c->ns_fd < 3 || c->ns_fd > 64
        || c->ns_fd + 1 == c->ready_fd || c->ns_fd == c->ready_fd)))
        return -1;
    memcpy(c->path, path, plen);
    c->path[plen] = '\0';
    snprintf(pidz, sizeof pidz, "%d", (int)pid);
    int argc = 0;
    c->argv[argc++] = c->path;
    size_t used = 0;
    for (uint32_t i = 0; i <= n; i++) {
        if (i == pid_at)
            c->argv[argc++] = pidz;
        if (i == n)
            break;
        uint32_t alen;
        const uint8_t *a = rd_bytes(&r, &alen);
        if (r.bad || used + alen + 1 > sizeof argbuf || memchr(a, 0, alen))
            return -1;
        memcpy(argbuf + used, a, alen);
        argbuf[used + alen] = '\0';
        c->argv[argc++] = argbuf + used;
        used += alen + 1;
    }
    c->argv[argc] = NULL;
    return reader_ok(&r) ? 0 : -1;
}

/* Moves fd to the number want, close-on-exec cleared; 0 on failure. */
static int put_fd(int fd, int want)
{
    if (fd != want && dup2(fd, want) < 0)
        return 0;
    return fcntl(want, F_SETFD, 0) == 0;
}

static __attribute__((noreturn)) void child(const struct helper_cmd *c, int ready_w, int log_fd, const int *ns,
                                            pid_t server)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* the server's blocked SIGCHLD is not the helper's */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0)
        _exit(126);
    if (c->uid != KEEP_ID) {
        /* The helper joins the sandbox's user namespace as its owner; the
         * ready pipe must be openable through /proc/self/fd as that id. */
        if (fchown(ready_w, c->uid, c->gid) != 0 || setgroups(0, NULL) != 0
            || setresgid(c->gid, c->gid, c->gid) != 0 || setresuid(c->uid, c->uid, c->uid) != 0)
            _exit(125);
    }
    /* After the id change, which clears it. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != server)
        _exit(124);
    /* Each source fd is a high one (F_DUPFD_CLOEXEC from 100), so no move overwrites another. */
    if (!put_fd(ready_w, (int)c->ready_fd))
        _exit(126);
    if (c->ns_fd && (!put_fd(ns[0], (int)c->ns_fd) || !put_fd(ns[1], (int)c->ns_fd + 1)))
        _exit(126);
    char *env[] = { NULL };
    execve(c->path, c->argv, env);
    _exit(127);
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* 1 once the helper wrote to the ready pipe, 0 at its end of file, -1 on timeout. */
static int await_ready(int ready_r, uint32_t timeout_ms)
{
    long deadline = now_ms() + (long)timeout_ms;
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = { ready_r, POLLIN, 0 };
        int n = poll(&p, 1, (int)left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        char b[32];
        ssize_t k = read(ready_r, b, sizeof b);
        if (k < 0 && errno == EINTR)
            continue;
        return k > 0 ? 1 : 0;
    }
}

/* What the helper printed, one line, into why after prefix. */
static void said(int log_fd, char *why, size_t whylen, size_t at)
{
    char text[256];
    ssize_t got = pread(log_fd, text, sizeof text - 1, 0);
    if (got < 0)
        got = 0;
    text[got] = '\0';
    for (ssize_t i = 0; i < got; i++) {
        if (text[i] == '\n')
            text[i] = i == got - 1 ? '\0' : ' ';
    }
    if (at < whylen)
        snprintf(why + at, whylen - at, ": %s", got ? text : "(no output)");
}

pid_t net_helper_start(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen)
{
    static struct helper_cmd c;
    snprintf(why, whylen, "malformed network helper op");
    if (parse(payload, len, pid, &c) != 0)
        return -1;
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        snprintf(why, whylen, "pipe2 for %s: %s", c.path, strerror(errno));
        return -2;
    }
    /* A file, not a pipe: the helper may go on printing once it runs, and nobody reads it then. */
    int log_fd = memfd_create("sandbox4j-net-helper", MFD_CLOEXEC);
    if (log_fd < 0) {
        snprintf(why, whylen, "memfd_create for %s: %s", c.path, strerror(errno));
        close(ready[0]);
        close(ready[1]);
        return -2;
    }
    /* The init's namespaces, opened here as the server: the helper then
     * needs no access to the init's /proc files of its own. High numbers, so
     * the child's moves to low slots cannot overwrite one another. */
    int ns[2] = { -1, -1 }, high = fcntl(ready[1], F_DUPFD_CLOEXEC, 100);
    close(ready[1]);
    ready[1] = high;
    if (c.ns_fd) {
        const char *names[2] = { "user", "net" };
        for (int k = 0; k < 2; k++) {
            char path[64];
            snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, names[k]);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            ns[k] = fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 100);
            if (fd >= 0)
                close(fd);
        }
    }
    if (ready[1] < 0 || (c.ns_fd && (ns[0] < 0 || ns[1] < 0))) {
        snprintf(why, whylen, "%s's fds (the init's namespaces under /proc/%d/ns): %s", c.path, (int)pid,
                 strerror(errno));
        for (int k = 0; k < 2; k++)
            if (ns[k] >= 0)
                close(ns[k]);
        if (ready[1] >= 0)
            close(ready[1]);
        close(ready[0]);
        close(log_fd);
        return -2;
    }
    pid_t server = getpid();
    pid_t helper = fork();
    if (helper == 0)
        child(&c, ready[1], log_fd, ns, server);
    int err = errno;
    close(ready[1]);
    for (int k = 0; k < 2; k++)
        if (ns[k] >= 0)
            close(ns[k]);
    if (helper < 0) {
        snprintf(why, whylen, "fork for %s: %s", c.path, strerror(err));
        close(ready[0]);
        close(log_fd);
        return -2;
    }
    int r = await_ready(ready[0], c.timeout_ms);
    close(ready[0]);
    if (r == 1) {
        close(log_fd);
        return helper;
    }
    kill(helper, SIGKILL);
    int status = 0;
    while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
        ;
    int at = r < 0 ? snprintf(why, whylen, "%s %d: not ready within %u ms", c.path, (int)pid, c.timeout_ms)
                   : snprintf(why, whylen, "%s %d: %s %d before it was ready", c.path, (int)pid,
                              WIFEXITED(status) ? "exit" : "signal",
                              WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    said(log_fd, why, whylen, at < 0 ? 0 : (size_t)at);
    close(log_fd);
    return -2;
}

void net_helper_stop(pid_t helper)
{
    if (helper <= 0)
        return;
    kill(helper, SIGKILL);
    while (waitpid(helper, NULL, 0) < 0 && errno == EINTR)
        ;
}
