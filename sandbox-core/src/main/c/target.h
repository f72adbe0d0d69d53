/* The target role: between clone and execve (target.c). */
#ifndef SANDBOX4J_TARGET_H
#define SANDBOX4J_TARGET_H

#include "plan.h"

__attribute__((noreturn)) void target_run(const struct plan *plan, int report_fd);

#endif
