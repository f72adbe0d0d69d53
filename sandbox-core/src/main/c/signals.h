/* Signal plumbing of the init and the target (signals.c). */
#ifndef SANDBOX4J_SIGNALS_H
#define SANDBOX4J_SIGNALS_H

#include "plan.h"

/* OP_FORWARD_SIGNALS: the signals the init passes on to the program (the
 * rest keep their meaning); the target resets them before execve. */
void forward_signals(const struct op *op);
const int *forwarded_signals(int *n);
/* Blocks SIGCHLD and the forwarded signals and returns a signalfd for them. */
int signals_to_fd(void);

#endif
