/* The init role: PID 1 of a sandbox (init.c). */
#ifndef SANDBOX4J_INIT_H
#define SANDBOX4J_INIT_H

#include "fds.h"
#include "plan.h"

/* First code of the init: takes its fds (and nothing else), then runs. */
__attribute__((noreturn)) void init_enter(const struct plan *plan, const struct placed_fd *fds, int nfds,
                                          int release_fd);

#endif
