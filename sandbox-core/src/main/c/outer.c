/*
 * Outer role: the JVM's direct child, in the host's pid namespace.
 * Creates the namespaces with one clone, writes the init's id maps and
 * cgroup membership from outside (as root that is the only place allowed
 * to map root inside to an unprivileged host id), releases the init, then
 * monitors it: forwards signals, kills everything on request or when the
 * JVM goes away (EOF on the control pipe), and exits with the init.
 */
#include "roles.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t init_pid;

static void kill_init_and_fail(const char *step, int err, const char *path)
{
    kill(init_pid, SIGKILL);
    waitpid(init_pid, NULL, 0);
    fail(step, err, "%s", path);
}

static void write_file(const char *step, const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        kill_init_and_fail(step, errno, path);
    size_t n = strlen(text);
    ssize_t w = write(fd, text, n);
    int err = errno;
    close(fd);
    if (w != (ssize_t)n)
        kill_init_and_fail(step, w < 0 ? err : EIO, path);
}

static void write_proc_file(const char *step, const char *name, const char *text)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)init_pid, name);
    write_file(step, path, text);
}

static void apply_outer_op(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    switch (op->code) {
    case OP_CLONE:
        rd_u64(&r); /* consumed by clone_init() */
        break;
    case OP_SETGROUPS_DENY:
        write_proc_file("setgroups", "setgroups", "deny");
        break;
    case OP_UID_MAP: {
        char *map = rd_str(&r);
        write_proc_file("uid_map", "uid_map", map);
        break;
    }
    case OP_GID_MAP: {
        char *map = rd_str(&r);
        write_proc_file("gid_map", "gid_map", map);
        break;
    }
    case OP_CGROUP_JOIN: {
        char *procs = rd_str(&r), pid[16];
        snprintf(pid, sizeof pid, "%d", (int)init_pid);
        write_file("cgroup join", procs, pid);
        break;
    }
    default:
        kill_init_and_fail("plan", EINVAL, "unknown outer op");
    }
    reader_done(&r, op);
}

static pid_t clone_init(const struct plan *plan, int *sync_write)
{
    uint64_t flags = 0;
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->ops[i].code == OP_CLONE) {
            struct reader r;
            reader_init(&r, &plan->ops[i]);
            flags |= rd_u64(&r);
            reader_done(&r, &plan->ops[i]);
        }
    }
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) != 0)
        fail("pipe2", errno, "init release pipe");
    /* A raw clone without a new stack behaves like fork, with namespaces. */
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid < 0)
        fail("clone", errno, "flags 0x%llx", (unsigned long long)flags);
    if (pid == 0) {
        close(sync[1]);
        init_run(plan, sync[0]);
    }
    close(sync[0]);
    *sync_write = sync[1];
    return pid;
}

static __attribute__((noreturn)) void exit_like(int status)
{
    if (WIFEXITED(status))
        _exit(WEXITSTATUS(status));
    _exit(128 + WTERMSIG(status));
}

/* Kills the init (the kernel then kills its whole pid namespace) and
 * waits until it is gone, so Java seeing us exit means nothing is left. */
static __attribute__((noreturn)) void kill_all(void)
{
    int status = 0;
    kill(init_pid, SIGKILL);
    while (waitpid(init_pid, &status, 0) < 0 && errno == EINTR)
        ;
    _exit(128 + SIGKILL);
}

static __attribute__((noreturn)) void monitor(int sfd)
{
    struct pollfd fds[2] = { { .fd = sfd, .events = POLLIN }, { .fd = FD_CONTROL, .events = POLLIN } };
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            kill_all();
        }
        if (fds[1].revents) {
            unsigned char req[64];
            ssize_t n = read(FD_CONTROL, req, sizeof req);
            if (n <= 0 && !(n < 0 && errno == EINTR))
                kill_all(); /* the JVM is gone */
            for (ssize_t i = 0; i < n; i++) {
                if (req[i] == SIGKILL)
                    kill_all();
                kill(init_pid, req[i]);
            }
        }
        if (fds[0].revents) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) != sizeof si)
                continue;
            if (si.ssi_signo != SIGCHLD) {
                kill(init_pid, (int)si.ssi_signo);
                continue;
            }
            int status;
            if (waitpid(init_pid, &status, WNOHANG) == init_pid)
                exit_like(status);
        }
    }
}

void outer_run(const struct plan *plan)
{
    /* No PR_SET_PDEATHSIG here: it fires when the JVM *thread* that spawned
     * us exits, and callers start sandboxes from short-lived threads. EOF on
     * the control pipe is the JVM's death instead (see monitor()). */
    int sfd = signals_to_fd();
    int release;
    init_pid = clone_init(plan, &release);
    /* The program's stdio is not ours to hold: EOF must mean it closed it. */
    close(0);
    close(1);
    close(2);
    for (uint32_t i = 0; i < plan->count; i++) {
        if (ROLE_OF(plan->ops[i].code) == ROLE_OUTER)
            apply_outer_op(&plan->ops[i]);
    }
    if (write(release, "go", 1) != 1)
        kill_init_and_fail("release init", errno, "sync pipe");
    close(release);
    monitor(sfd);
}
