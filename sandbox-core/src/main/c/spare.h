/* The spare init (spare.c), all called by the server only. */
#ifndef SANDBOX4J_SPARE_H
#define SANDBOX4J_SPARE_H

#include "creator.h"
#include "fds.h"
#include "plan.h"

#include <sys/types.h>

/* Starts watching the host's mount table: a spare cloned before a change
 * is discarded. */
void spare_watch_mounts(void);
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

#endif
