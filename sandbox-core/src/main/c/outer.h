/* The outer steps of a launch, run by the server (outer.c). */
#ifndef SANDBOX4J_OUTER_H
#define SANDBOX4J_OUTER_H

#include "fds.h"
#include "plan.h"

#include <sys/types.h>

/* Clones and releases the init; returns its pid. Fails through fail(). */
pid_t outer_launch(const struct plan *plan, const struct placed_fd *fds, int nfds);

/* The id map helper ops of a plan, each u32 length + payload. */
#define MAPS_SIG_MAX 8192
const uint8_t *outer_last_maps(uint32_t *len);
/* The clone flags of the last launch: what the next spare gets. */
uint64_t outer_last_flags(void);
/* The network helper the last outer_launch started, 0 for none. */
pid_t outer_last_helper(void);

#endif
