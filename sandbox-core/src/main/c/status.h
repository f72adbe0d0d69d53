/*
 * Status records, shim to Java, on FD_STATUS:
 *   u32 type, u32 payload length, payload
 * The types and payloads are in wire.def (Java: ShimWire, StatusRecord).
 */
#ifndef SANDBOX4J_STATUS_H
#define SANDBOX4J_STATUS_H

#include <setjmp.h>
#include <stdint.h>

enum {
#define WIRE_STATUS(name, v) STATUS_##name = (v),
#include "wire.def"
};

/* Exit code of a shim role that failed during setup. */
#define SHIM_SETUP_FAILED 125

/* Where fail() reports: the status fd in the outer and the init, the
 * exec-report pipe in the target (the init forwards it). */
void status_set_fd(int fd);
int status_fd(void);

void status_write(uint32_t type, const void *payload, uint32_t len);

/* Reports "step failed with err on detail" and exits SHIM_SETUP_FAILED,
 * or, while the server has armed a jump, returns there instead: the server
 * outlives the sandboxes it fails to start. err may be 0 when the failure
 * has no errno. */
__attribute__((noreturn, format(printf, 3, 4)))
void fail(const char *step, int err, const char *detail_fmt, ...);

/* The plan op being applied (its index in the plan and its code), which
 * fail() reports beside the step: Java names the builder setting behind
 * it. status_no_op() for failures outside any op. */
void status_op(uint32_t index, uint32_t code);
void status_no_op(void);

/* Where fail() goes after reporting; NULL (the default) exits. */
void status_fail_jump(jmp_buf *to);

#endif
