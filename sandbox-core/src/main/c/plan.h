/*
 * The launch plan: what Java decided, in the order Java decided it.
 *
 * Wire format (host byte order; Java writes it with ByteOrder.nativeOrder()):
 *   header  u32 magic PLAN_MAGIC, u32 version PLAN_VERSION, u32 op count
 *   op      u32 code, u32 payload length, payload bytes
 * Payload primitives: u32, u64, str (u32 length + bytes, no NUL; the shim
 * NUL-terminates a copy), bytes (u32 length + bytes).
 *
 * The op code's high byte is the role that applies it: 0x1xx the outer role
 * (host pid namespace), 0x2xx the init (PID 1 inside), 0x3xx the target
 * (between fork and execve). Each role applies its ops in plan order.
 * The shim knows how to apply each op; which ops appear is Java's business.
 *
 * Java mirror: dev.sandbox4j.internal.plan.OpCode. Keep both in step.
 */
#ifndef SANDBOX4J_PLAN_H
#define SANDBOX4J_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_MAGIC   0x504a3453u /* "S4JP" */
#define PLAN_VERSION 1u
#define PLAN_MAX_BYTES (16u << 20)
#define PLAN_MAX_OPS 4096u

#define ROLE_OF(code) ((code) >> 8)
#define ROLE_OUTER  1u
#define ROLE_INIT   2u
#define ROLE_TARGET 3u

enum op_code {
    /* outer: u64 clone flags (CLONE_NEW* except CGROUP and TIME) */
    OP_CLONE            = 0x101,
    /* outer: str, written to /proc/<init>/uid_map resp. gid_map */
    OP_UID_MAP          = 0x102,
    OP_GID_MAP          = 0x103,
    /* outer: "deny" written to /proc/<init>/setgroups (before gid_map) */
    OP_SETGROUPS_DENY   = 0x104,
    /* outer: str path of a cgroup.procs file; the init's pid is written
     * there before the init is released, so no sandboxed instruction runs
     * outside its cgroup. Java removes the group after the sandbox; when
     * the JVM is gone the server does, once the init is reaped (an rmdir of
     * the file's directory, which fails harmlessly while anything is left) */
    OP_CGROUP_JOIN      = 0x105,
    /* outer: u32 uid, u32 gid, u64 RLIMIT_NPROC soft (~0: none): clone the
     * init as these host ids with that cap (creator.h); as root only */
    OP_HOST_IDS         = 0x106,
    /* outer: str helper path, strs arguments after the pid: the server runs
     * "helper <init's host pid> args..." (newuidmap / newgidmap, setuid
     * helpers that map the caller's subordinate ids) and fails on a nonzero
     * exit, naming the helper and what it printed */
    OP_ID_MAP_HELPER    = 0x107,
    /* outer: str helper path, u32 uid, u32 gid (~0 both: the server's
     * own), u32 ready fd, u32 timeout ms, u32 pid index (~0: none), u32 ns
     * fd (0: none), strs arguments: the server starts "helper args..."
     * with the init's host pid inserted before argument pid index, as
     * uid/gid, the init's user and network namespaces (opened by the
     * server) at ns fd and ns fd + 1, a pipe at the ready fd, a
     * parent-death SIGKILL; it waits until the helper writes to the pipe
     * (a user-mode network stack has configured the sandbox's interface)
     * and fails naming the helper and what it printed when it exits or
     * the time runs out first. The server kills it once the init is
     * reaped (nethelper.c) */
    OP_NET_HELPER       = 0x110,
    /* outer: str switch netns path, str bridge, str switch-side name,
     * str member-side name, str switch userns path (empty: none; rootless
     * the child joins it first): in a child that joins the switch's network
     * namespace (a private network's), the bridge if missing and up, a
     * veth pair whose member end is created straight in the init's network
     * namespace, the switch end on the bridge and up (rtnl.c) */
    OP_NET_VETH         = 0x111,
    /* outer: str path of a user namespace (a rootless private network's
     * switch's), str uid_map, str gid_map: the init's user namespace is
     * created inside it, so the switch's side holds CAP_NET_ADMIN over the
     * member's namespaces, and the maps (in the ids of that namespace) are
     * written from inside it, the only place the kernel takes them from;
     * taken before the clone, never with a spare (outer.c) */
    OP_NET_USERNS       = 0x112,

    /* init: u64 unshare flags (CLONE_NEWCGROUP after the cgroup join,
     * CLONE_NEWTIME so the target starts in the new time namespace) */
    OP_UNSHARE          = 0x201,
    /* init: str */
    OP_SETHOSTNAME      = 0x202,
    /* init: bring the loopback interface up */
    OP_LOOPBACK_UP      = 0x203,
    /* init: str source, str target, str fstype, u64 flags, str data
     * (empty strings mean NULL); a plain mount(2) on a host path */
    OP_MOUNT            = 0x204,
    /* init: str, the init's comm (prctl PR_SET_NAME) */
    OP_SET_NAME         = 0x205,
    /* init: u32 gid, u32 uid: setresgid/setresuid of the init itself, so
     * what it creates is owned by an id the user namespace maps (an
     * unmapped host root gets EOVERFLOW); capabilities stay since the old
     * uid was not the namespace's root */
    OP_INIT_IDS         = 0x206,
    /* init: no payload. Trace the target and its threads (ptrace, seize) to
     * report which syscall a seccomp TRAP action caught (STATUS_TRAPPED);
     * only used when the filter has TRAP rules */
    OP_TRACE_TRAPS      = 0x207,
    /* init: u32 socket fd, u32 columns, u32 rows. After the filesystem
     * steps: a terminal pair from the sandbox's own /dev/ptmx (its devpts
     * instance), sized before the target exists; the follower becomes
     * fds 0, 1, 2 for the target, the leader goes to Java over the socket
     * (SCM_RIGHTS) and both leave the init (pty.c) */
    OP_PTY              = 0x20c,
    /* init: u32 pidfd, u64 CLONE_NEW* flags: setns into the namespaces of
     * a running sandbox's program through its pidfd (all at once, user
     * namespace included), for an exec into that sandbox; first init op */
    OP_JOIN             = 0x20d,
    /* init: u32 fd (a unix socket from the launch), bytes struct sockaddr,
     * u32 backlog: socket, bind, listen in the sandbox's network namespace,
     * and send the listening socket to Java over fd (SCM_RIGHTS) */
    OP_NET_LISTEN       = 0x210,
    /* init: u32 fd (a SOCK_SEQPACKET unix socket): while supervising, answer
     * each request (u32 domain, u32 type) with a new socket of the
     * sandbox's network namespace (u32 errno, the fd attached when 0) */
    OP_NET_SOCKETS      = 0x211,
    /* init: str interface, bytes address (4 or 16), u32 prefix length:
     * the address on the interface (RTM_NEWADDR), then the interface up */
    OP_NET_ADDR         = 0x212,
    /* init: 0x220..0x23f are filesystem steps, applied by mounts.c
     * (see mounts.h) */
    OP_FS_FIRST         = 0x220,
    OP_FS_LAST          = 0x23f,

    /* target: new session */
    OP_SETSID           = 0x301,
    /* target: str */
    OP_CHDIR            = 0x302,
    /* target: setgroups(0, NULL) */
    OP_CLEAR_GROUPS     = 0x303,
    /* target: u32 gid, u32 uid: setresgid then setresuid */
    OP_SET_IDS          = 0x304,
    /* target: u32 resource, u64 soft, u64 hard (RLIM_INFINITY = ~0) */
    OP_RLIMIT           = 0x305,
    /* target: prctl(PR_SET_NO_NEW_PRIVS) */
    OP_NO_NEW_PRIVS     = 0x306,
    /* target: u64 capability mask to keep; every other capability leaves
     * the bounding, ambient, inheritable, permitted and effective sets */
    OP_CAPS             = 0x307,
    /* target: bytes, an array of struct sock_filter, installed last */
    OP_SECCOMP          = 0x308,
    /* target: u32 from, u32 to: dup2(from, to) (passed fds) */
    OP_DUP_FD           = 0x309,
    /* target: u32 count, count x u32 fds to keep besides 0, 1, 2;
     * every other fd is closed */
    OP_CLOSE_FDS        = 0x30a,
    /* target: str path, u32 argc, argc x str, u32 envc, envc x str.
     * Always the last target op. */
    OP_EXEC             = 0x30b,
    /* target: make fd 0 (a terminal) the controlling terminal of the new
     * session (TIOCSCTTY); after OP_SETSID */
    OP_SET_CTTY         = 0x30c,
};

/* Slots: the numbers Java gives each fd of a launch request (server.h).
 * 0, 1, 2, FD_STATUS and the passed fds are the init's fd numbers too. */
#define FD_PLAN    3  /* read by the server, never seen by the init */
#define FD_STATUS  4
#define FD_SHIM    5  /* the server's own memfd at spawn: closed at once */
#define FD_CONTROL 6  /* bytes from Java: a signal to forward; 9 = kill all.
                       * Kept by the server, never seen by the init */
#define FD_RELEASE 7  /* in the init: the pipe the server releases it by */
#define FD_SERVER_PIDFD 8 /* in the init: the server's pidfd, to see it died */
#define FD_FIRST_PASSED 10 /* fds the caller passes sit at 10, 11, ... */

struct op {
    uint32_t code;
    uint32_t len;
    const uint8_t *data;
};

struct plan {
    uint32_t count;
    struct op *ops;
    uint8_t *bytes; /* what ops point into */
    size_t len;
};

/* Reads a payload in order. Any overrun marks the reader bad; the
 * caller checks reader_ok() (or reader_done()) once, at the end. */
struct reader {
    const uint8_t *p;
    const uint8_t *end;
    int bad;
};

void reader_init(struct reader *r, const struct op *op);
uint32_t rd_u32(struct reader *r);
uint64_t rd_u64(struct reader *r);
/* A NUL-terminated heap copy; "" for an empty string. Never NULL. */
char *rd_str(struct reader *r);
/* As rd_str, but NULL for an empty string (mount's optional args). */
char *rd_str_or_null(struct reader *r);
const uint8_t *rd_bytes(struct reader *r, uint32_t *len);
/* Whether every read fit and nothing is left over. */
int reader_ok(const struct reader *r);
/* Fails with step "plan" naming the op code unless reader_ok. */
void reader_done(struct reader *r, const struct op *op);

/* Reads and validates the whole plan from fd; fails on any error. What it
 * allocated is in *plan as soon as it is allocated, for plan_free. */
void plan_read(int fd, struct plan *plan);
/* The same for a plan of exactly len bytes, with more data behind it. */
void plan_read_n(int fd, struct plan *plan, size_t len);

/* Wipes and frees a plan (the server outlives many). Safe on a zeroed or
 * half-read plan. */
void plan_free(struct plan *plan);

#endif
