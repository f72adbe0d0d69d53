/* OP_PTY in the init (pty.c). */
#ifndef SANDBOX4J_PTY_H
#define SANDBOX4J_PTY_H

#include <stdint.h>

void pty_open(uint32_t sock, uint32_t columns, uint32_t rows);

#endif
