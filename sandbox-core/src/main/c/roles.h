/* The shim's three roles; see shim.c for the order of events. */
#ifndef SANDBOX4J_ROLES_H
#define SANDBOX4J_ROLES_H

#include "plan.h"

/* Signals a role passes on to its child: the rest keep their meaning. */
#define FORWARDED_SIGNALS { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 }

__attribute__((noreturn)) void outer_run(const struct plan *plan);
__attribute__((noreturn)) void init_run(const struct plan *plan, int sync_fd);
__attribute__((noreturn)) void target_run(const struct plan *plan, int report_fd);

/* Blocks SIGCHLD and the forwarded signals and returns a signalfd for them. */
int signals_to_fd(void);

void loopback_up(void);

#endif
