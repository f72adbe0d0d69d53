/*
 * Server role: one small process per JVM that starts and watches every
 * sandbox. Java spawns it once (a process started from the JVM costs a
 * posix_spawn from a large multithreaded process plus an exec; a clone
 * from here costs neither) and it forks away so it is never the JVM's
 * child. Its loop:
 *
 *   request on the socket   read the plan, take the spare init or clone
 *                           one, maps, cgroup, release it with its host
 *                           pid (outer.c)
 *   byte on a control pipe  signal that init (9 kills the whole sandbox);
 *                           end of file kills it too
 *   SIGCHLD                 reap the init, report REAPED, close its status
 *                           pipe: end of file there tells Java it is over;
 *                           then clone the next spare init (spare.c)
 *   poll timeout            the spare waited its idle time: kill it
 *   end of file on socket   the JVM is gone: kill every init, reap, remove
 *                           the cgroups it joined them to and the JVM's
 *                           other groups beside them (stale_prefix), exit
 *
 * A failed launch reports on its status pipe and the server goes on.
 */
#include "creator.h"
#include "fds.h"
#include "net.h"
#include "outer.h"
#include "plan.h"
#include "server.h"
#include "spare.h"
#include "status.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct sandbox {
    pid_t init;
    int status_fd;
    int control_fd; /* -1 once it reached end of file */
    char *cgroups;  /* the joined groups' directories, NUL-separated; NULL for none */
    pid_t helper;   /* its network helper (nethelper.c), 0 for none or once reaped */
};

static struct sandbox *boxes;
static size_t nboxes, boxes_cap;
static int self_pidfd = -1; /* given to each init: see init_run */
static struct creator next_creator = { CREATOR_SERVER, CREATOR_SERVER, UINT64_MAX }; /* the next spare's ids */

static void close_fds(const int *fds, int n)
{
    for (int i = 0; i < n; i++)
        close(fds[i]);
}

static void report_reaped(const struct sandbox *b, int status)
{
    int32_t st = status;
    status_set_fd(b->status_fd);
    status_write(STATUS_REAPED, &st, sizeof st);
    close(b->status_fd);
    if (b->control_fd >= 0)
        close(b->control_fd);
}

/* Returns 0 when the table cannot grow; the caller kills the new init. */
static int add_box(pid_t init, int status_fd, int control_fd, char *cgroups, pid_t helper)
{
    if (nboxes == boxes_cap) {
        size_t cap = boxes_cap ? boxes_cap * 2 : 16;
        struct sandbox *b = realloc(boxes, cap * sizeof *b);
        if (!b)
            return 0;
        boxes = b;
        boxes_cap = cap;
    }
    boxes[nboxes++] = (struct sandbox){ init, status_fd, control_fd, cgroups, helper };
    return 1;
}

/* The directories of the plan's OP_CGROUP_JOIN files, each NUL-terminated,
 * then an empty string; NULL when there are none (or no memory: the next
 * JVM's sweep removes what is left). */
static char *joined_cgroups(const struct plan *p)
{
    size_t size = 1;
    for (uint32_t i = 0; i < p->count; i++) {
        if (p->ops[i].code == OP_CGROUP_JOIN)
            size += p->ops[i].len + 1;
    }
    char *out = size > 1 ? malloc(size) : NULL;
    if (!out)
        return NULL;
    char *w = out;
    for (uint32_t i = 0; i < p->count; i++) {
        if (p->ops[i].code != OP_CGROUP_JOIN)
            continue;
        struct reader r;
        reader_init(&r, &p->ops[i]);
        uint32_t n;
        const uint8_t *path = rd_bytes(&r, &n); /* checked by outer_launch, which applied it */
        const uint8_t *slash = path ? memrchr(path, '/', n) : NULL;
        if (slash && slash > path) {
            memcpy(w, path, (size_t)(slash - path));
            w += slash - path;
            *w++ = '\0';
        }
    }
    *w = '\0';
    return out;
}

/* The JVM's cgroup name prefix ("sbx-<jvm pid>-", Java's setting), or
 * empty: at its death, groups of that name beside a sandbox's are removed
 * too (a pooled sandbox's run groups, which Java creates and no plan names). */
static char stale_prefix[64];

void server_stale_prefix(const char *prefix)
{
    snprintf(stale_prefix, sizeof stale_prefix, "%s", prefix);
}

/* rmdir, waiting out the moments a killed task still counts as a member
 * (EBUSY right after its exit); what stays is for the next JVM's sweep. */
static void remove_group(const char *dir)
{
    for (int i = 0; i < 100 && rmdir(dir) < 0 && errno == EBUSY; i++)
        usleep(10000);
}

/* The groups named with this JVM's prefix in the directory that holds
 * group (each hierarchy's parent), but for group itself. */
static void remove_siblings(const char *group)
{
    const char *slash = strrchr(group, '/');
    if (!stale_prefix[0] || !slash || slash == group)
        return;
    char parent[4096];
    snprintf(parent, sizeof parent, "%.*s", (int)(slash - group), group);
    DIR *d = opendir(parent);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        char path[4096 + 256];
        if (e->d_type != DT_DIR || strncmp(e->d_name, stale_prefix, strlen(stale_prefix)) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        remove_group(path);
    }
    closedir(d);
}

/* The JVM is gone, so nobody else removes this sandbox's groups. */
static void remove_cgroups(const struct sandbox *b)
{
    for (const char *d = b->cgroups; d && *d; d += strlen(d) + 1)
        remove_group(d);
    for (const char *d = b->cgroups; d && *d; d += strlen(d) + 1)
        remove_siblings(d);
}

static int fd_for(const uint32_t *slots, const int *fds, int n, uint32_t slot)
{
    for (int i = 0; i < n; i++) {
        if (slots[i] == slot)
            return fds[i];
    }
    return -1;
}

/* Checks the slots once the status pipe is known, so a bad request is
 * reported rather than dropped. */
static void check_slots(const uint32_t *slots, int n)
{
    for (int i = 0; i < n; i++) {
        if (slots[i] > 1u << 20 || slots[i] == FD_SHIM || slots[i] == FD_RELEASE || slots[i] == FD_SERVER_PIDFD)
            fail("launch request", EINVAL, "fd slot %u is not a slot for the sandbox", slots[i]);
        for (int j = 0; j < i; j++) {
            if (slots[j] == slots[i])
                fail("launch request", EINVAL, "fd slot %u given twice", slots[i]);
        }
    }
}

static struct plan plan; /* static: it must survive fail()'s longjmp intact */

static void launch(const uint32_t *slots, const int *fds, int n)
{
    static jmp_buf failed;
    int status = fd_for(slots, fds, n, FD_STATUS);
    int control = fd_for(slots, fds, n, FD_CONTROL);
    int plan_fd = fd_for(slots, fds, n, FD_PLAN);
    if (status < 0 || control < 0 || plan_fd < 0) {
        close_fds(fds, n); /* nobody to tell: Java reads end of file and says so */
        return;
    }
    status_set_fd(status);
    status_no_op();
    if (setjmp(failed)) {
        status_fail_jump(NULL);
        plan_free(&plan);
        close_fds(fds, n);
        return;
    }
    status_fail_jump(&failed);
    check_slots(slots, n);
    plan_read(plan_fd, &plan);
    struct placed_fd placed[REQUEST_MAX_FDS + 1];
    int np = 0;
    for (int i = 0; i < n; i++) {
        if (slots[i] != FD_PLAN && slots[i] != FD_CONTROL)
            placed[np++] = (struct placed_fd){ fds[i], (int)slots[i] };
    }
    if (self_pidfd >= 0)
        placed[np++] = (struct placed_fd){ self_pidfd, FD_SERVER_PIDFD };
    pid_t init = outer_launch(&plan, placed, np);
    status_fail_jump(NULL);
    char *cgroups = joined_cgroups(&plan);
    plan_free(&plan);
    for (int i = 0; i < n; i++) {
        if (fds[i] != status && fds[i] != control)
            close(fds[i]);
    }
    pid_t helper = outer_last_helper();
    if (!add_box(init, status, control, cgroups, helper)) {
        net_helper_stop(helper);
        kill(init, SIGKILL);
        int st = 0;
        waitpid(init, &st, 0);
        struct sandbox gone = { init, status, control, NULL, 0 };
        report_reaped(&gone, st);
        free(cgroups); /* Java is there: it removes them */
    }
}

/* Receives one request and launches it; returns 0 when the JVM is gone. */
static int serve_request(int sock)
{
    uint32_t words[REQUEST_HEADER / 4 + REQUEST_MAX_FDS + 1];
    int fds[REQUEST_MAX_FDS], n, cut;
    ssize_t len = recv_with_fds(sock, words, sizeof words, 0, fds, &n, &cut);
    if (len < 0)
        return errno == EAGAIN;
    if (len == 0)
        return 0;
    uint32_t count = len >= REQUEST_HEADER ? words[2] : 0;
    if (cut || len < REQUEST_HEADER || words[0] != REQUEST_MAGIC
        || words[1] != REQUEST_VERSION || count != (uint32_t)n
        || (size_t)len != REQUEST_HEADER + 4 * (size_t)count) {
        close_fds(fds, n); /* not from our Java: nothing to answer on */
        return 1;
    }
    uint64_t nproc;
    memcpy(&nproc, words + 5, sizeof nproc);
    next_creator = (struct creator){ words[3], words[4], nproc };
    launch(words + REQUEST_HEADER / 4, fds, n);
    return 1;
}

static void on_control(struct sandbox *b)
{
    unsigned char req[64];
    ssize_t n = read(b->control_fd, req, sizeof req);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        /* Java closed it: the sandbox's handle is gone, so is the sandbox. */
        kill(b->init, SIGKILL);
        close(b->control_fd);
        b->control_fd = -1;
        return;
    }
    /* The init forwards what it handles to the program; SIGKILL on PID 1
     * takes the whole pid namespace. A reaped init is never signalled: it
     * stays in the table, a zombie holding its pid, until reap_all. */
    for (ssize_t i = 0; i < n; i++)
        kill(b->init, req[i]);
}

/* Returns how many sandboxes ended (a reaped spare is none). */
static int reap_all(void)
{
    int status, ended = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (spare_reaped(pid))
            continue;
        for (size_t i = 0; i < nboxes; i++) {
            if (boxes[i].helper == pid)
                boxes[i].helper = 0; /* it ended first: the sandbox goes on without a network */
            if (boxes[i].init == pid) {
                /* Gone before Java hears of the end: the helper lives exactly as long as its sandbox. */
                net_helper_stop(boxes[i].helper);
                report_reaped(&boxes[i], status);
                free(boxes[i].cgroups); /* Java removes them */
                boxes[i] = boxes[--nboxes];
                ended++;
                break;
            }
        }
    }
    return ended;
}

static __attribute__((noreturn)) void shut_down(void)
{
    spare_discard_wait(); /* gone before the id locks go with us */
    for (size_t i = 0; i < nboxes; i++)
        kill(boxes[i].init, SIGKILL);
    for (size_t i = 0; i < nboxes; i++) {
        int status = 0;
        while (waitpid(boxes[i].init, &status, 0) < 0 && errno == EINTR)
            ;
        net_helper_stop(boxes[i].helper);
        report_reaped(&boxes[i], status);
        remove_cgroups(&boxes[i]);
    }
    _exit(0);
}

static int child_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    /* A status pipe whose reader is gone is an error to ignore, not death. */
    sigaddset(&set, SIGPIPE);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
        _exit(SHIM_SETUP_FAILED);
    sigdelset(&set, SIGPIPE);
    int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd < 0)
        _exit(SHIM_SETUP_FAILED);
    return fd;
}

void server_run(int sock)
{
    int sfd = child_signals();
    /* Kernels before 5.3 have no pidfds: the inits then rely on the
     * parent-death signal alone. */
    self_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0); /* close-on-exec */
    spare_watch_mounts();
    struct pollfd *pfd = NULL;
    size_t *box_of = NULL, cap = 0;
    for (;;) {
        if (cap < nboxes + 2) {
            cap = (nboxes + 2) * 2;
            pfd = realloc(pfd, cap * sizeof *pfd);
            box_of = realloc(box_of, cap * sizeof *box_of);
            if (!pfd || !box_of)
                shut_down(); /* out of memory: stop cleanly rather than lose track */
        }
        size_t n = 0;
        pfd[n++] = (struct pollfd){ .fd = sock, .events = POLLIN };
        pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        for (size_t i = 0; i < nboxes; i++) {
            if (boxes[i].control_fd >= 0) {
                box_of[n] = i;
                pfd[n++] = (struct pollfd){ .fd = boxes[i].control_fd, .events = POLLIN };
            }
        }
        int ready = poll(pfd, n, spare_timeout_ms());
        if (ready <= 0)
            continue; /* EINTR, or the spare's time ran out (spare_timeout_ms discards it) */
        /* Control first: it only signals, so box indexes stay valid. */
        for (size_t i = 2; i < n; i++) {
            if (pfd[i].revents)
                on_control(&boxes[box_of[i]]);
        }
        if (pfd[1].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == sizeof si)
                ;
            /* A sandbox ended: prepare the next init, which waits for its
             * request. Not right after a launch: the clone would keep the
             * CPU from the init just released. Not when a discarded spare
             * ended: an idle server stays idle. */
            if (reap_all() > 0 && outer_last_flags() != 0) {
                uint32_t maps_len;
                const uint8_t *maps = outer_last_maps(&maps_len);
                spare_make(outer_last_flags(), &next_creator, maps, maps_len, self_pidfd);
            }
        }
        if (pfd[0].revents && !serve_request(sock))
            shut_down();
    }
}
