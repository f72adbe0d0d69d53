/* The shim's roles; see shim.c for the order of events. */
#ifndef SANDBOX4J_ROLES_H
#define SANDBOX4J_ROLES_H

#include "creator.h"
#include "plan.h"

#include <sys/socket.h>
#include <sys/types.h>

/* An fd the server received for a launch and the number it gets in the init. */
struct placed_fd {
    int fd;
    int slot;
};

/* argv[1] of the server ("--server"); an init blanks it so that ps inside
 * shows PID 1 as plain "sandbox4j". */
extern char *shim_mode_arg;

__attribute__((noreturn)) void server_run(int sock);
/* Clones and releases the init; returns its pid. Fails through fail(). */
pid_t outer_launch(const struct plan *plan, const struct placed_fd *fds, int nfds);
/* First code of the init: takes its fds (and nothing else), then init_run. */
__attribute__((noreturn)) void init_enter(const struct plan *plan, const struct placed_fd *fds, int nfds,
                                          int release_fd);
__attribute__((noreturn)) void target_run(const struct plan *plan, int report_fd);

/* The spare init (spare.c), all called by the server only. */
void spare_watch_mounts(void);
/* Runs the id map helper of an OP_ID_MAP_HELPER payload for pid: 0 when it
 * mapped, 1 when it failed, -1 for a malformed payload; *why says what. */
int map_helper_run(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen);

/* The id map helper ops of a plan, each u32 length + payload (outer.c). */
#define MAPS_SIG_MAX 8192
const uint8_t *outer_last_maps(uint32_t *len);

/* Clones a spare with these clone flags, as these ids, unless one waits
 * already, and runs these id map helpers for it (maps: see outer_last_maps). */
void spare_make(uint64_t flags, const struct creator *as, const uint8_t *maps, uint32_t maps_len,
                int server_pidfd);
/* Hands the launch to the spare when it has these flags, ids and id map
 * helpers and the mount table did not change; returns its pid and sets *release_fd, or -1
 * (no spare fits: the caller clones a fresh init). */
pid_t spare_take(uint64_t flags, const struct creator *as, const uint8_t *maps, uint32_t maps_len,
                 const struct plan *plan, const struct placed_fd *fds, int nfds, int *release_fd);
void spare_discard(void);
/* Discards the spare and waits until it is gone (the server is ending). */
void spare_discard_wait(void);
/* Whether a reaped child was the spare (which then no longer exists). */
int spare_reaped(pid_t pid);
/* How long a spare init may wait for a request (the server's --server=MS):
 * an idle JVM holds no namespaces for longer. */
void spare_idle(unsigned long ms);
/* Milliseconds until the spare expires (it is discarded at 0), -1 without one. */
int spare_timeout_ms(void);
/* The clone flags of the last launch: what the next spare gets. */
uint64_t outer_last_flags(void);

/* The fds an SCM_RIGHTS message brought, at most max, in order. */
int received_fds(struct msghdr *msg, int *fds, int max);

/* Sends payload with fd attached (none when fd < 0) over a unix socket;
 * 0, or -1 with errno set (EIO for a short send). */
int send_fd(int sock, int fd, const void *payload, size_t len);

/* Moves each fd to its slot (close-on-exec cleared) and closes every other
 * fd: the server's socket and other sandboxes' pipes must not reach this one. */
void place_fds(const struct placed_fd *fds, int nfds);

/* OP_FORWARD_SIGNALS: the signals the init passes on to the program (the
 * rest keep their meaning); the target resets them before execve. */
void forward_signals(const struct op *op);
const int *forwarded_signals(int *n);
/* Blocks SIGCHLD and the forwarded signals and returns a signalfd for them. */
int signals_to_fd(void);

void loopback_up(void);
/* OP_NET_LISTEN: a TCP socket bound to addr (len bytes, a struct sockaddr
 * Java encoded), listening, sent with SCM_RIGHTS over the unix socket chan;
 * the init keeps nothing of it. Fails through fail(). */
void net_listen(int chan, const void *addr, uint32_t len, uint32_t backlog);
/* OP_NET_SOCKETS: answers one request on chan (u32 domain, u32 type) with a
 * new socket of this namespace, or with its errno. Returns 0 once chan is
 * closed or broken: the caller stops watching it. */
int net_serve(int chan);

/* OP_PTY in the init (pty.c). */
void pty_open(uint32_t sock, uint32_t columns, uint32_t rows);

#endif
