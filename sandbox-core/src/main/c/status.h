/*
 * Status records, shim to Java, on FD_STATUS:
 *   u32 type, u32 payload length, payload
 * STATUS_STARTED  u32 target pid inside the sandbox, u32 the init's pid in
 *                 the host's pid namespace (the server sends it with the
 *                 release: one record, one wake-up of the starting thread)
 * STATUS_FAILED   i32 errno, str step, str detail  (str: u32 len + bytes)
 * STATUS_EXITED   i32 raw wait status, u64 user us, u64 system us,
 *                 u64 max rss KiB (the target's, from wait4)
 * STATUS_TRAPPED  u32 syscall number, u32 audit arch: a seccomp TRAP rule
 *                 caught this call (SIGSYS with si_code SYS_SECCOMP)
 * STATUS_REAPED   i32 the init's raw wait status (server), the last record:
 *                 the server closes the status fd right after it, so end
 *                 of file means nothing of the sandbox is left
 *
 * Java mirror: dev.sandbox4j.internal.launch.StatusRecord.
 */
#ifndef SANDBOX4J_STATUS_H
#define SANDBOX4J_STATUS_H

#include <setjmp.h>
#include <stdint.h>

#define STATUS_STARTED 1u
#define STATUS_FAILED  2u
#define STATUS_EXITED  3u
#define STATUS_TRAPPED 4u
#define STATUS_REAPED  5u

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

/* Where fail() goes after reporting; NULL (the default) exits. */
void status_fail_jump(jmp_buf *to);

#endif
