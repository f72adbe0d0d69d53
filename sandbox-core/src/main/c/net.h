/* The init's network steps (net.c). */
#ifndef SANDBOX4J_NET_H
#define SANDBOX4J_NET_H

#include <stdint.h>

void loopback_up(void);
/* OP_NET_LISTEN: a TCP socket bound to addr (len bytes, a struct sockaddr
 * Java encoded), listening, sent with SCM_RIGHTS over the unix socket chan;
 * the init keeps nothing of it. Fails through fail(). */
void net_listen(int chan, const void *addr, uint32_t len, uint32_t backlog);
/* OP_NET_SOCKETS: answers one request on chan (u32 domain, u32 type) with a
 * new socket of this namespace, or with its errno. Returns 0 once chan is
 * closed or broken: the caller stops watching it. */
int net_serve(int chan);

#endif
