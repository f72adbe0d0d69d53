/*
 * Hardening probe for the integration tests in dev.sandbox4j.it.hardening,
 * built with `cc -static -O1 -o probe probe.c`. It opens nothing it does
 * not report, so what it prints is what the sandbox gave it.
 *
 *   probe calls [NAME...]  each call (all when none named) with harmless but
 *                          valid arguments: one line "NAME RC ERRNO" each,
 *                          ERRNO 0 when RC >= 0
 *   probe fds              the open fds, one number a line (fcntl, no dir fd)
 *   probe ids              "ruid euid suid" from getresuid
 *   probe emfile           opens /dev/null until it fails: "OPENED ERRNO"
 *   probe spin             a busy loop that never ends
 *
 * "calls" mounts over /tmp and switches things like Ctrl-Alt-Del handling
 * when nothing stops it: it refuses to run with any effective capability.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/capability.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/quota.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#define KEY_SPEC_PROCESS_KEYRING (-2)
#define KEYCTL_GET_KEYRING_ID 0
#define PTRACE_GETREGS 12
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define OPEN_TREE_CLOEXEC O_CLOEXEC

static long fd_result(long fd)
{
    if (fd >= 0)
        close((int)fd);
    return fd;
}

/* A child made by a fork-like call exits at once; the parent reaps it. */
static long child_result(long pid)
{
    if (pid == 0)
        _exit(0);
    if (pid > 0)
        waitpid((pid_t)pid, NULL, __WALL);
    return pid;
}

static long c_init_module(void)
{
    static char image[64];
    return syscall(SYS_init_module, image, sizeof image, "");
}

static long c_finit_module(void)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    long rc = syscall(SYS_finit_module, fd, "", 0);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static long c_delete_module(void) { return syscall(SYS_delete_module, "sandbox4j_no_such_module", O_NONBLOCK); }
static long c_kexec_load(void) { return syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL); }

static long c_reboot(void)
{
    /* Ctrl-Alt-Del off: what systemd sets at boot anyway */
    return syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL);
}

static long c_swapon(void) { return syscall(SYS_swapon, "/dev/null", 0); }
static long c_swapoff(void) { return syscall(SYS_swapoff, "/dev/null"); }

static long c_bpf(void)
{
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = 4;
    attr.value_size = 4;
    attr.max_entries = 1;
    return fd_result(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
}

static long c_perf_event_open(void)
{
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    return fd_result(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0UL));
}

static long c_userfaultfd(void) { return fd_result(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY)); }

static long c_add_key(void)
{
    return syscall(SYS_add_key, "user", "sandbox4j-probe", "x", 1UL, KEY_SPEC_PROCESS_KEYRING);
}

static long c_keyctl(void) { return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0); }

static long c_request_key(void)
{
    return syscall(SYS_request_key, "user", "sandbox4j-no-such-key", NULL, 0);
}

static long c_ptrace(void)
{
    static char regs[1024];
    /* our own pid: not a tracee of ours, so the kernel says ESRCH */
    return syscall(SYS_ptrace, PTRACE_GETREGS, (long)getpid(), NULL, regs);
}

static long c_process_vm_readv(void)
{
    static char from[16] = "probe", to[16];
    struct iovec local = {to, sizeof to}, remote = {from, sizeof from};
    return syscall(SYS_process_vm_readv, (long)getpid(), &local, 1UL, &remote, 1UL, 0UL);
}

static long c_settimeofday(void) { return syscall(SYS_settimeofday, NULL, NULL); }

static long c_clock_settime(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    /* the monotonic clock cannot be set: the kernel says EINVAL */
    return syscall(SYS_clock_settime, CLOCK_MONOTONIC, &now);
}

static long c_adjtimex(void)
{
    struct timex tx;
    memset(&tx, 0, sizeof tx); /* modes 0: only reads the clock's state */
    return syscall(SYS_adjtimex, &tx);
}

static long c_acct(void) { return syscall(SYS_acct, NULL); }
static long c_quotactl(void) { return syscall(SYS_quotactl, QCMD(Q_SYNC, USRQUOTA), NULL, 0, NULL); }
static long c_syslog(void) { return syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0); }
static long c_mount(void) { return syscall(SYS_mount, "none", "/tmp", "tmpfs", 0UL, NULL); }
static long c_umount2(void) { return syscall(SYS_umount2, "/tmp", 0); }
static long c_fsopen(void) { return fd_result(syscall(SYS_fsopen, "tmpfs", 0)); }
static long c_open_tree(void) { return fd_result(syscall(SYS_open_tree, AT_FDCWD, "/", OPEN_TREE_CLOEXEC)); }
static long c_move_mount(void) { return syscall(SYS_move_mount, AT_FDCWD, "/tmp", AT_FDCWD, "/tmp", 0); }
static long c_pivot_root(void) { return syscall(SYS_pivot_root, "/tmp", "/tmp"); }
static long c_chroot(void) { return syscall(SYS_chroot, "/"); }

static long c_setns(void)
{
    int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    long rc = syscall(SYS_setns, fd, CLONE_NEWUTS);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static long c_unshare(void) { return syscall(SYS_unshare, 0); } /* nothing to unshare: 0 without a filter */
static long c_clone_newuser(void) { return child_result(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)); }
static long c_clone_plain(void) { return child_result(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)); }

static long c_clone3(void)
{
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    return child_result(syscall(SYS_clone3, &args, sizeof args));
}

static long c_open_by_handle_at(void)
{
    static union {
        struct {
            unsigned int handle_bytes;
            int handle_type;
            unsigned char f_handle[8];
        } h;
        long align;
    } fh = {{8, 1, {0}}};
    return fd_result(syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY | O_CLOEXEC));
}

static long c_io_uring_setup(void)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    return fd_result(syscall(SYS_io_uring_setup, 1, &p));
}

static long c_personality_read_implies_exec(void)
{
    long rc = syscall(SYS_personality, 0x400000UL);
    int e = errno;
    if (rc >= 0)
        syscall(SYS_personality, 0UL);
    errno = e;
    return rc;
}

static long c_personality_linux(void) { return syscall(SYS_personality, 0UL); }

static long c_ioctl_tiocsti(void)
{
    static char c = ' ';
    return syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI, &c);
}

static long c_ioctl_tiocsti_high_bits(void)
{
    static char c = ' ';
    return syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI | (1UL << 32), &c);
}

static long c_ioctl_tioclinux(void)
{
    static char subcode = 7; /* TIOCL_GETSHIFTSTATE: only reads */
    return syscall(SYS_ioctl, 0, (unsigned long)TIOCLINUX, &subcode);
}

static long c_socket_alg(void) { return fd_result(syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0)); }
static long c_socket_vsock(void) { return fd_result(syscall(SYS_socket, AF_VSOCK, SOCK_STREAM, 0)); }
static long c_socket_packet(void) { return fd_result(syscall(SYS_socket, AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))); }
static long c_socket_raw(void) { return fd_result(syscall(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP)); }

static long c_socket_raw_cloexec(void)
{
    return fd_result(syscall(SYS_socket, AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
}

static long c_socket_udp(void) { return fd_result(syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0)); }

static const struct {
    const char *name;
    long (*call)(void);
} CALLS[] = {
    {"init_module", c_init_module},
    {"finit_module", c_finit_module},
    {"delete_module", c_delete_module},
    {"kexec_load", c_kexec_load},
    {"reboot", c_reboot},
    {"swapon", c_swapon},
    {"swapoff", c_swapoff},
    {"bpf", c_bpf},
    {"perf_event_open", c_perf_event_open},
    {"userfaultfd", c_userfaultfd},
    {"add_key", c_add_key},
    {"keyctl", c_keyctl},
    {"request_key", c_request_key},
    {"ptrace", c_ptrace},
    {"process_vm_readv", c_process_vm_readv},
    {"settimeofday", c_settimeofday},
    {"clock_settime", c_clock_settime},
    {"adjtimex", c_adjtimex},
    {"acct", c_acct},
    {"quotactl", c_quotactl},
    {"syslog", c_syslog},
    {"mount", c_mount},
    {"umount2", c_umount2},
    {"fsopen", c_fsopen},
    {"open_tree", c_open_tree},
    {"move_mount", c_move_mount},
    {"pivot_root", c_pivot_root},
    {"chroot", c_chroot},
    {"setns", c_setns},
    {"unshare", c_unshare},
    {"clone_newuser", c_clone_newuser},
    {"clone3", c_clone3},
    {"open_by_handle_at", c_open_by_handle_at},
    {"io_uring_setup", c_io_uring_setup},
    {"personality_read_implies_exec", c_personality_read_implies_exec},
    {"ioctl_tiocsti", c_ioctl_tiocsti},
    {"ioctl_tiocsti_high_bits", c_ioctl_tiocsti_high_bits},
    {"ioctl_tioclinux", c_ioctl_tioclinux},
    {"socket_alg", c_socket_alg},
    {"socket_vsock", c_socket_vsock},
    {"socket_packet", c_socket_packet},
    {"socket_raw", c_socket_raw},
    {"socket_raw_cloexec", c_socket_raw_cloexec},
    /* allowed by the default profile */
    {"personality_linux", c_personality_linux},
    {"clone_plain", c_clone_plain},
    {"socket_udp", c_socket_udp},
};

#define NCALLS (sizeof CALLS / sizeof CALLS[0])

static int run_call(const char *name)
{
    for (size_t i = 0; i < NCALLS; i++) {
        if (name == NULL || strcmp(name, CALLS[i].name) == 0) {
            errno = 0;
            long rc = CALLS[i].call();
            int e = rc < 0 ? errno : 0;
            printf("%s %ld %d\n", CALLS[i].name, rc, e);
            fflush(stdout);
            if (name != NULL)
                return 0;
        }
    }
    if (name != NULL) {
        fprintf(stderr, "probe: no call named %s\n", name);
        return 2;
    }
    return 0;
}

static int has_capabilities(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) != 0)
        return 1;
    return data[0].effective != 0 || data[1].effective != 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "calls") == 0) {
        if (has_capabilities()) {
            fprintf(stderr, "probe: refusing to make the calls with effective capabilities\n");
            return 3;
        }
        if (argc == 2)
            return run_call(NULL);
        for (int i = 2; i < argc; i++) {
            if (run_call(argv[i]) != 0)
                return 2;
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "fds") == 0) {
        for (int fd = 0; fd < 65536; fd++) {
            if (fcntl(fd, F_GETFD) >= 0)
                printf("%d\n", fd);
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "ids") == 0) {
        uid_t r, e, s;
        getresuid(&r, &e, &s);
        printf("%u %u %u\n", r, e, s);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "emfile") == 0) {
        int opened = 0;
        while (open("/dev/null", O_RDONLY) >= 0)
            opened++;
        printf("%d %d\n", opened, errno);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "spin") == 0) {
        for (volatile unsigned long n = 0;; n++)
            ;
    }
    fprintf(stderr, "usage: probe calls [NAME...] | fds | ids | emfile | spin\n");
    return 2;
}
