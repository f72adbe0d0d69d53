/* The init's network steps (net.c). */
#ifndef SANDBOX4J_NET_H
#define SANDBOX4J_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

void loopback_up(void);
/* OP_NET_LISTEN: a TCP socket bound to addr (len bytes, a struct sockaddr
 * Java encoded), listening, sent with SCM_RIGHTS over the unix socket chan;
 * the init keeps nothing of it. Fails through fail(). */
void net_listen(int chan, const void *addr, uint32_t len, uint32_t backlog);
/* OP_NET_SOCKETS: answers one request on chan (u32 domain, u32 type) with a
 * new socket of this namespace, or with its errno. Returns 0 once chan is
 * closed or broken: the caller stops watching it. */
int net_serve(int chan);

/* Starts the network helper of an OP_NET_HELPER payload for pid and waits
 * until it is ready: its pid, -1 for a malformed payload, -2 when it failed
 * (why says how). net_helper_stop kills and reaps it (nethelper.c). */
pid_t net_helper_start(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen);
void net_helper_stop(pid_t helper);
/* OP_NET_VETH for the init pid: 0, -1 for a malformed payload, 1 on a
 * failure (why names the step and errno) (rtnl.c). */
int net_veth_run(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen);
/* OP_NET_ADDR in the init; fails through fail(). */
void net_addr(const char *ifname, const uint8_t *addr, uint32_t len, uint32_t prefix);

#endif
