/*
 * Init role: PID 1 of the new pid namespace (when one was asked for).
 * Applies the init ops (namespaces that must be entered after the cgroup
 * join, filesystem, hostname, loopback), forks the target, reports whether
 * its execve worked, then reaps every zombie, forwards signals to the
 * target, and exits when the target does (taking the namespace with it).
 */
#include "fds.h"
#include "init.h"
#include "io.h"
#include "mounts.h"
#include "net.h"
#include "plan.h"
#include "pool.h"
#include "pty.h"
#include "server.h"
#include "signals.h"
#include "status.h"
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* prctl that reports a failure, naming the option. */
static void must_prctl(int option, unsigned long arg, const char *what)
{
    if (prctl(option, arg, 0, 0, 0) != 0)
        fail("prctl", errno, "%s", what);
}

/* Set by OP_TRACE_TRAPS: the target runs under our ptrace so a SIGSYS
 * from a seccomp TRAP rule can be reported with its syscall. */
static int trace_traps;

/* Set by OP_NET_SOCKETS: the unix socket Java asks for sockets on, or -1. */
static int socket_chan = -1;

/* Our pid as the host numbers it, for STARTED: the server's release. */
static uint32_t host_pid;

static void wait_for_release(int sync_fd)
{
    ssize_t n;
    while ((n = read(sync_fd, &host_pid, sizeof host_pid)) < 0 && errno == EINTR)
        ;
    if (n != sizeof host_pid)
        _exit(SHIM_SETUP_FAILED); /* the server failed and already reported */
    close(sync_fd);
}

static void apply_init_op(const struct op *op)
{
    if (op->code >= OP_FS_FIRST && op->code <= OP_FS_LAST) {
        apply_fs_op(op);
        return;
    }
    if (op->code >= OP_POOL_FIRST && op->code <= OP_POOL_LAST) {
        pool_op(op);
        return;
    }
    struct reader r;
    reader_init(&r, op);
    switch (op->code) {
    case OP_UNSHARE: {
        uint64_t flags = rd_u64(&r);
        if (unshare((int)flags) != 0)
            fail("unshare", errno, "flags 0x%llx", (unsigned long long)flags);
        break;
    }
    case OP_SETHOSTNAME: {
        char *name = rd_str(&r);
        if (sethostname(name, strlen(name)) != 0)
            fail("sethostname", errno, "%s", name);
        break;
    }
    case OP_LOOPBACK_UP:
        loopback_up();
        break;
    case OP_INIT_IDS: {
        uint32_t gid = rd_u32(&r), uid = rd_u32(&r);
        if (setresgid(gid, gid, gid) != 0)
            fail("init ids", errno, "setresgid %u", gid);
        if (setresuid(uid, uid, uid) != 0)
            fail("init ids", errno, "setresuid %u", uid);
        break;
    }
    case OP_TRACE_TRAPS:
        trace_traps = 1;
        break;
    case OP_FORWARD_SIGNALS:
        forward_signals(op);
        return;
    case OP_NET_LISTEN: {
        uint32_t chan = rd_u32(&r), len;
        const uint8_t *addr = rd_bytes(&r, &len);
        uint32_t backlog = rd_u32(&r);
        reader_done(&r, op);
        net_listen((int)chan, addr, len, backlog);
        break;
    }
    case OP_NET_ADDR: {
        char *ifname = rd_str(&r);
        uint32_t len;
        const uint8_t *addr = rd_bytes(&r, &len);
        uint32_t prefix = rd_u32(&r);
        reader_done(&r, op);
        net_addr(ifname, addr, len, prefix);
        break;
    }
    case OP_NET_SOCKETS:
        socket_chan = (int)rd_u32(&r);
        if (fcntl(socket_chan, F_SETFD, FD_CLOEXEC) != 0)
            fail("net sockets", errno, "fcntl FD_CLOEXEC on fd %d", socket_chan);
        break;
    case OP_JOIN: {
        uint32_t fd = rd_u32(&r);
        uint64_t flags = rd_u64(&r);
        reader_done(&r, op);
        if (setns((int)fd, (int)flags) != 0)
            fail("setns", errno, "joining the sandbox's namespaces (flags 0x%llx) through its program's pidfd",
                 (unsigned long long)flags);
        close((int)fd);
        break;
    }
    case OP_PTY: {
        uint32_t sock = rd_u32(&r), columns = rd_u32(&r), rows = rd_u32(&r);
        reader_done(&r, op);
        pty_open(sock, columns, rows);
        break;
    }
    case OP_SET_NAME: {
        char *name = rd_str(&r);
        must_prctl(PR_SET_NAME, (unsigned long)name, "PR_SET_NAME");
        break;
    }
    default:
        fail("plan", EINVAL, "unknown init op 0x%x", op->code);
    }
    reader_done(&r, op);
}

/* Attaches to the target before it runs any of its own code: its threads
 * too (TRACECLONE), and it dies with us (EXITKILL). */
static void seize_target(pid_t pid, int seized[2])
{
    close(seized[0]);
    if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE)) != 0) {
        int err = errno;
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        fail("ptrace", err, "PTRACE_SEIZE of the target (pid %d) to report seccomp traps", (int)pid);
    }
    if (write(seized[1], "s", 1) != 1) { /* the target is gone: start_target reports it */ }
    close(seized[1]);
}

/* A traced task stopped: report a seccomp trap, then let it go on. Stops
 * for new threads and group-stops are continued (a program whose filter
 * uses TRAP cannot stop itself with SIGSTOP: the cgroup freezer pauses). */
static void resume_traced(pid_t p, int status)
{
    int sig = WSTOPSIG(status);
    if ((unsigned)status >> 16) {
        ptrace(PTRACE_CONT, p, NULL, NULL);
        return;
    }
    siginfo_t si;
    /* Only the first trap is reported: a program that handles SIGSYS and
     * traps in a loop must not fill the status pipe and stall us. */
    static int reported;
    if (!reported && sig == SIGSYS && ptrace(PTRACE_GETSIGINFO, p, NULL, &si) == 0
        && si.si_code == 1 /* SYS_SECCOMP */) {
        uint32_t rec[2] = { (uint32_t)si.si_syscall, (uint32_t)si.si_arch };
        status_write(STATUS_TRAPPED, rec, sizeof rec);
        reported = 1;
    }
    ptrace(PTRACE_CONT, p, NULL, (void *)(long)sig);
}

/* Setting our own ids (OP_INIT_IDS) cleared the parent-death signal: the
 * kernel does so on any change of effective or filesystem ids. Arm it
 * again, then make sure the server did not die in between, or nothing
 * would ever stop this sandbox. */
static void rearm_parent_death(void)
{
    must_prctl(PR_SET_PDEATHSIG, SIGKILL, "PR_SET_PDEATHSIG SIGKILL");
    struct pollfd server = { .fd = FD_SERVER_PIDFD, .events = POLLIN };
    if (poll(&server, 1, 0) == 1 && (server.revents & POLLIN))
        _exit(SHIM_SETUP_FAILED); /* the server is gone: so is Java's side */
    close(FD_SERVER_PIDFD);
}

struct target_args {
    const struct plan *plan;
    int report_fd;
};

static int target_entry(void *arg)
{
    struct target_args *a = arg;
    target_run(a->plan, a->report_fd);
}

static pid_t fork_target(const struct plan *plan, int report_fd)
{
    pid_t pid = fork();
    if (pid < 0)
        fail("fork target", errno, "target");
    if (pid == 0)
        target_run(plan, report_fd);
    return pid;
}

/* Creates the target sharing our memory, the way posix_spawn does: we are
 * suspended until it execs or exits, so nothing runs concurrently on the
 * shared memory, and no page is copied. Forking a process costs a copy of
 * its page tables and then a copy-on-write fault per page either side
 * touches; on virtual machines with slow faults that is the larger part of
 * a sandbox's start. The target writes only its own stack, fresh heap
 * blocks and the status fd, which we restore. */
static pid_t spawn_target(const struct plan *plan, int report_fd)
{
    enum { STACK = 128 * 1024, GUARD = 4096 };
    char *stack = mmap(NULL, STACK + GUARD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        fail("mmap", errno, "stack for the target (%d bytes)", STACK);
    if (mprotect(stack, GUARD, PROT_NONE) != 0)
        fail("mprotect", errno, "guard page of the target's stack");
    int saved_status_fd = status_fd();
    struct target_args args = { plan, report_fd };
    pid_t pid = clone(target_entry, stack + STACK + GUARD, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
    int err = errno;
    status_set_fd(saved_status_fd);
    munmap(stack, STACK + GUARD);
    /* Older kernels (Debian 12's 6.1) refuse CLONE_VM into a time namespace
     * other than ours, as the vDSO's time data would be shared; 6.18 allows
     * it. Fork then. */
    if (pid < 0 && err == EINVAL)
        return fork_target(plan, report_fd);
    if (pid < 0)
        fail("clone target", err, "CLONE_VM | CLONE_VFORK");
    /* Credential changes in the target reset the dumpable flag of the
     * memory we shared; the target set it back before execve (see
     * OP_SET_IDS), and this keeps it so whatever happened. */
    must_prctl(PR_SET_DUMPABLE, 0, "PR_SET_DUMPABLE 0");
    return pid;
}

/* Forks a target that waits until we have seized it with ptrace. */
static pid_t fork_traced_target(const struct plan *plan, int report_fd)
{
    int seized[2];
    if (pipe2(seized, O_CLOEXEC) != 0)
        fail("pipe2", errno, "trace sync pipe");
    /* A non-dumpable target cannot be seized, and fork copies dumpability:
     * be dumpable across the fork only. No sandboxed code exists yet. */
    must_prctl(PR_SET_DUMPABLE, 1, "PR_SET_DUMPABLE 1 (for the seize)");
    pid_t pid = fork();
    if (pid != 0)
        must_prctl(PR_SET_DUMPABLE, 0, "PR_SET_DUMPABLE 0");
    if (pid < 0)
        fail("fork", errno, "target");
    if (pid == 0) {
        char c;
        close(seized[1]);
        if (read(seized[0], &c, 1) != 1) /* not traced: the init failed and reports why */
            _exit(SHIM_SETUP_FAILED);
        close(seized[0]);
        target_run(plan, report_fd);
    }
    seize_target(pid, seized);
    return pid;
}

/* Starts the target and waits for its execve: EOF on the close-on-exec
 * report pipe means it worked, a record means it failed. */
pid_t start_target(const struct plan *plan)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        fail("pipe2", errno, "exec report pipe");
    pid_t pid = trace_traps ? fork_traced_target(plan, report[1]) : spawn_target(plan, report[1]);
    close(report[1]);
    uint8_t buf[4096];
    int err;
    size_t got = io_read_upto(report[0], buf, sizeof buf, &err); /* until execve closes it */
    close(report[0]);
    if (got > 0) {
        /* The target reported a failed step: pass its record on verbatim. */
        int fd = status_fd();
        if (write(fd, buf, got) < 0) { /* nothing more to do */ }
        waitpid(pid, NULL, 0);
        if (pool_active())
            return -1; /* a pooled init serves the next run */
        _exit(SHIM_SETUP_FAILED);
    }
    uint32_t started[2] = { (uint32_t)pid, host_pid };
    status_write(STATUS_STARTED, started, sizeof started);
    return pid;
}

void write_exited(int status, const struct rusage *ru)
{
    uint8_t rec[4 + 3 * 8];
    int32_t st = status;
    uint64_t user = (uint64_t)ru->ru_utime.tv_sec * 1000000u + (uint64_t)ru->ru_utime.tv_usec;
    uint64_t sys = (uint64_t)ru->ru_stime.tv_sec * 1000000u + (uint64_t)ru->ru_stime.tv_usec;
    uint64_t rss = (uint64_t)ru->ru_maxrss;
    memcpy(rec, &st, 4);
    memcpy(rec + 4, &user, 8);
    memcpy(rec + 12, &sys, 8);
    memcpy(rec + 20, &rss, 8);
    status_write(STATUS_EXITED, rec, sizeof rec);
}

static __attribute__((noreturn)) void report_exit(int status, const struct rusage *ru)
{
    write_exited(status, ru);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static __attribute__((noreturn)) void supervise(pid_t target, int sfd)
{
    for (;;) {
        struct pollfd fds[2] = { { .fd = sfd, .events = POLLIN }, { .fd = socket_chan, .events = POLLIN } };
        if (poll(fds, 2, -1) < 0)
            continue; /* EINTR */
        if (fds[1].revents && !net_serve(socket_chan)) {
            close(socket_chan);
            socket_chan = -1; /* poll ignores a negative fd */
        }
        if (!(fds[0].revents & POLLIN))
            continue;
        struct signalfd_siginfo si;
        ssize_t n = read(sfd, &si, sizeof si);
        if (n != sizeof si) {
            if (n < 0 && errno != EINTR)
                fail("signalfd", errno, "read");
            continue;
        }
        if (si.ssi_signo != SIGCHLD) {
            kill(target, (int)si.ssi_signo);
            continue;
        }
        /* Reap everything: orphans of the namespace are ours to bury. */
        int status;
        struct rusage ru;
        pid_t p;
        while ((p = wait4(-1, &status, WNOHANG | __WALL, &ru)) > 0) {
            if (WIFSTOPPED(status))
                resume_traced(p, status); /* only tracees report stops */
            else if (p == target)
                report_exit(status, &ru);
        }
    }
}

static __attribute__((noreturn)) void init_run(const struct plan *plan, int sync_fd);

void init_enter(const struct plan *plan, const struct placed_fd *fds, int nfds, int release_fd)
{
    /* Our parent is the single-threaded server: if it dies, so do we, and
     * with PID 1 the whole namespace. Before anything else, so a server
     * dying now cannot leave us behind (the release read then fails too). */
    must_prctl(PR_SET_PDEATHSIG, SIGKILL, "PR_SET_PDEATHSIG SIGKILL");
    if (shim_mode_arg)
        memset(shim_mode_arg, 0, strlen(shim_mode_arg));
    struct placed_fd all[nfds + 1];
    memcpy(all, fds, sizeof all[0] * (size_t)nfds);
    all[nfds] = (struct placed_fd){ release_fd, FD_RELEASE };
    place_fds(all, nfds + 1);
    /* The target must not inherit the status pipe. FD_RELEASE and
     * FD_SERVER_PIDFD are closed before the target exists. */
    fcntl(FD_STATUS, F_SETFD, FD_CLOEXEC);
    init_run(plan, FD_RELEASE);
}

static void init_run(const struct plan *plan, int sync_fd)
{
    status_no_op(); /* what the server was applying when it cloned us is not ours */
    wait_for_release(sync_fd);
    /* The init keeps every capability of the sandbox's user namespace: no
     * process inside may ptrace it or read its memory, even without seccomp
     * (execve makes the target dumpable again). Only after the release: a
     * non-dumpable process's /proc files belong to root, and a rootless
     * server could no longer write our uid_map. */
    must_prctl(PR_SET_DUMPABLE, 0, "PR_SET_DUMPABLE 0");
    for (uint32_t i = 0; i < plan->count; i++) {
        if (ROLE_OF(plan->ops[i].code) == ROLE_INIT) {
            status_op(i, plan->ops[i].code);
            apply_init_op(&plan->ops[i]);
        }
    }
    status_no_op();
    rearm_parent_death();
    int sfd = signals_to_fd();
    if (pool_active())
        pool_serve(sfd, host_pid);
    pid_t target = start_target(plan);
    close(0); /* the target's stdio: EOF must mean the program closed it */
    close(1);
    close(2);
    supervise(target, sfd);
}
