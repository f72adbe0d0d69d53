/*
 * Hardening steps of the target role, applied between fork and execve in
 * the order Java puts them in the plan: set ids, rlimits, caps,
 * no_new_privs, close fds, seccomp last. Each reports a failure through
 * fail() and does not return then; none of them decides policy.
 */
#ifndef SANDBOX4J_HARDEN_H
#define SANDBOX4J_HARDEN_H

#include <stdint.h>

/* setrlimit(resource) to soft/hard; ~0 is RLIM_INFINITY. */
void harden_rlimit(uint32_t resource, uint64_t soft, uint64_t hard);

/* prctl(PR_SET_NO_NEW_PRIVS): execve can never grant privileges again. */
void harden_no_new_privs(void);

/* Keeps exactly the capabilities in keep (bit n = capability n): every
 * other one leaves the bounding set; the effective, permitted and
 * inheritable sets become keep, and the kept ones are raised as ambient
 * so they survive execve for a non-root uid. For a non-root target uid
 * the caller must have set PR_SET_KEEPCAPS before setresuid, or nothing
 * is left to keep (and the bounding set cannot be changed). */
void harden_caps(uint64_t keep);

/* Installs a seccomp filter: filter is len bytes of struct sock_filter
 * as Java compiled them. Needs no_new_privs or CAP_SYS_ADMIN. */
void harden_seccomp(const uint8_t *filter, uint32_t len);

#endif
