/*
 * The spare init. While the server has nothing else to do it clones the
 * next sandbox's init ahead of time, with the namespaces of the last
 * launch. Cloning with new namespaces (0.7 ms on the development VM, most
 * of it the network namespace) and a new process's first run (0.5 ms
 * there: every page it touches faults once in a fresh address space) then
 * happen before the request instead of on its path. A request that wants
 * the same namespaces hands its fds and plan to the waiting spare, which
 * goes on exactly like a freshly cloned init.
 *
 * As root it is cloned as the host ids Java reserved for the next sandbox
 * (creator.h), with that sandbox's process cap; a request with other ids
 * does not get it. Rootless with subordinate ids, the last launch's id map
 * helpers (newuidmap, newgidmap: ~2.5 ms, two setuid programs) run for it
 * as it is cloned, so a request with the same maps skips them.
 *
 * The spare is killed instead of used when a request wants other
 * namespaces or ids, when the host's mount table changed after it was cloned (its
 * mount namespace is a copy of the table as it was), after the idle time
 * Java set (--server=MS) without a request, and when the server ends. Until it gets a request it
 * has run none of any plan and holds no fd but its socket and the server's
 * pidfd.
 *
 * Handover on the spare's socket (SOCK_STREAM), server to spare:
 *   u32 n, then n x u32 slot, with the n fds attached to the first byte;
 *   u32 plan length, the plan; then the release, as for a fresh init.
 */
#include "creator.h"
#include "fds.h"
#include "init.h"
#include "io.h"
#include "maphelper.h"
#include "outer.h"
#include "plan.h"
#include "server.h"
#include "spare.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t spare_pid = -1;
static int spare_sock = -1;
static uint64_t spare_flags;
static struct creator spare_creator;
static uint8_t spare_maps[MAPS_SIG_MAX]; /* the id map helpers it ran, as outer_last_maps */
static uint32_t spare_maps_len;
static long long spare_born_ms;
static int mounts_fd = -1; /* the server's mountinfo: POLLPRI once the table changed */

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void spare_watch_mounts(void)
{
    /* Without it a stale mount table could not be noticed: then no spares. */
    mounts_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
}

/* Whether the mount table changed since the last call (the poll clears it). */
static int mounts_changed(void)
{
    struct pollfd p = { .fd = mounts_fd, .events = POLLPRI };
    return poll(&p, 1, 0) != 0;
}

void spare_discard(void)
{
    if (spare_pid < 0)
        return;
    kill(spare_pid, SIGKILL); /* reaped with every other child; a zombie until then, so the pid stays ours */
    close(spare_sock);
    spare_pid = -1;
    spare_sock = -1;
}

void spare_discard_wait(void)
{
    pid_t pid = spare_pid;
    spare_discard();
    if (pid > 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
}

int spare_reaped(pid_t pid)
{
    if (pid != spare_pid)
        return 0;
    close(spare_sock); /* it died waiting: killed from outside */
    spare_pid = -1;
    spare_sock = -1;
    return 1;
}

static unsigned long idle_ms;

void spare_idle(unsigned long ms) { idle_ms = ms; }

int spare_timeout_ms(void)
{
    if (spare_pid < 0)
        return -1;
    long long left = spare_born_ms + (long long)idle_ms - now_ms();
    if (left <= 0) {
        spare_discard();
        return -1;
    }
    return (int)left;
}

/* Reads exactly n bytes; 0 on end of file or error. */
static int read_exactly(int fd, void *buf, size_t n)
{
    int err;
    return io_read_upto(fd, buf, n, &err) == n;
}

/* The spare's life before its request: nothing of any sandbox yet. */
static __attribute__((noreturn)) void spare_wait(int sock, int server_pidfd)
{
    status_fail_jump(NULL);
    status_set_fd(-1);
    /* getppid() is 0 in a new pid namespace: ask the server's pidfd whether
     * it died before the parent-death signal was armed. */
    struct pollfd gone = { .fd = server_pidfd, .events = POLLIN };
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || (server_pidfd >= 0 && poll(&gone, 1, 0) == 1))
        _exit(SHIM_SETUP_FAILED);
    if (shim_mode_arg)
        memset(shim_mode_arg, 0, strlen(shim_mode_arg));
    prctl(PR_SET_NAME, (unsigned long)"sandbox4j-spare", 0, 0, 0);
    /* Other sandboxes' pipes and the JVM's socket must not stay open here. */
    struct placed_fd keep[2] = { { sock, sock }, { server_pidfd, server_pidfd } };
    place_fds(keep, server_pidfd >= 0 ? 2 : 1);

    uint32_t n;
    int fds[REQUEST_MAX_FDS], got, cut;
    ssize_t len = recv_with_fds(sock, &n, sizeof n, MSG_WAITALL, fds, &got, &cut);
    if (len != sizeof n)
        _exit(0); /* discarded, or the server is gone */
    uint32_t slots[REQUEST_MAX_FDS];
    if (cut || n != (uint32_t)got || !read_exactly(sock, slots, 4 * (size_t)n))
        _exit(SHIM_SETUP_FAILED); /* the server sees the spare die and starts a fresh init */

    struct placed_fd placed[REQUEST_MAX_FDS + 1];
    int np = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (slots[i] == FD_STATUS)
            status_set_fd(fds[i]);
        placed[np++] = (struct placed_fd){ fds[i], (int)slots[i] };
    }
    if (server_pidfd >= 0)
        placed[np++] = (struct placed_fd){ server_pidfd, FD_SERVER_PIDFD };
    uint32_t plan_len;
    if (!read_exactly(sock, &plan_len, sizeof plan_len))
        fail("plan", EPIPE, "handover to the spare init");
    static struct plan plan;
    plan_read_n(sock, &plan, plan_len);
    init_enter(&plan, placed, np, sock);
}

/* Runs each helper of maps for the new spare; 0 when one failed (then the
 * request maps a fresh init itself and reports what went wrong). */
static int premap(pid_t pid, const uint8_t *maps, uint32_t len)
{
    char why[512];
    for (uint32_t at = 0; at + 4 <= len;) {
        uint32_t n;
        memcpy(&n, maps + at, 4);
        if (n > len - at - 4 || map_helper_run(maps + at + 4, n, pid, why, sizeof why) != 0)
            return 0;
        at += 4 + n;
    }
    return 1;
}

void spare_make(uint64_t flags, const struct creator *as, const uint8_t *maps, uint32_t maps_len,
                int server_pidfd)
{
    if (spare_pid >= 0 || mounts_fd < 0)
        return;
    mounts_changed(); /* the copy it gets is the table as of now */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return;
    const char *step;
    if (!creator_enter(as, &step)) {
        close(sv[0]);
        close(sv[1]);
        return; /* no spare: the next request clones as before and says why if it fails */
    }
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid == 0) {
        creator_child(as);
        close(sv[0]);
        spare_wait(sv[1], server_pidfd);
    }
    creator_leave(as);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]); /* no spare: the next request clones as before and says why if it fails */
        return;
    }
    if (!premap(pid, maps, maps_len)) {
        kill(pid, SIGKILL); /* not a spare: reaped as an unknown child */
        close(sv[0]);
        return;
    }
    spare_pid = pid;
    spare_sock = sv[0];
    spare_flags = flags;
    spare_creator = *as;
    memcpy(spare_maps, maps, maps_len);
    spare_maps_len = maps_len;
    spare_born_ms = now_ms();
}

/* Sends the request's fds (all but the server's pidfd, which the spare has)
 * and the plan. */
static int hand_over(int sock, const struct plan *plan, const struct placed_fd *fds, int nfds)
{
    uint32_t n = 0, slots[REQUEST_MAX_FDS];
    int sent[REQUEST_MAX_FDS];
    for (int i = 0; i < nfds && n < REQUEST_MAX_FDS; i++) {
        if (fds[i].slot != FD_SERVER_PIDFD) {
            slots[n] = (uint32_t)fds[i].slot;
            sent[n++] = fds[i].fd;
        }
    }
    union {
        char buf[CMSG_SPACE(sizeof(int) * REQUEST_MAX_FDS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct iovec iov = { &n, sizeof n };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), sent, sizeof(int) * n);
    ssize_t w;
    while ((w = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    uint32_t plan_len = (uint32_t)plan->len;
    return w == sizeof n && io_write_all(sock, slots, 4 * (size_t)n, 1)
           && io_write_all(sock, &plan_len, sizeof plan_len, 1) && io_write_all(sock, plan->bytes, plan->len, 1);
}

pid_t spare_take(uint64_t flags, const struct creator *as, const uint8_t *maps, uint32_t maps_len,
                 const struct plan *plan, const struct placed_fd *fds, int nfds, int *release_fd)
{
    if (spare_pid < 0)
        return -1;
    if (flags != spare_flags || !creator_same(as, &spare_creator) || maps_len != spare_maps_len
        || memcmp(maps, spare_maps, maps_len) != 0 || mounts_changed()) {
        spare_discard();
        return -1;
    }
    pid_t pid = spare_pid;
    int sock = spare_sock;
    spare_pid = -1;
    spare_sock = -1;
    if (!hand_over(sock, plan, fds, nfds)) {
        kill(pid, SIGKILL); /* died or stuck before taking it: start a fresh one */
        close(sock);
        return -1;
    }
    *release_fd = sock;
    return pid;
}
