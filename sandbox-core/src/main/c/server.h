/*
 * Launch requests, Java to the server: one SOCK_SEQPACKET message each,
 *   u32 magic REQUEST_MAGIC, u32 version REQUEST_VERSION, u32 fd count n,
 *   u32 uid, u32 gid, u64 RLIMIT_NPROC soft: the ids the next spare init is
 *     cloned as (creator.h; uid CREATOR_SERVER: the server's own), which Java
 *     reserved for its next sandbox,
 *   n x u32 slot
 * with the n fds attached (SCM_RIGHTS) in the same order. Slot FD_PLAN is
 * the plan's pipe, FD_STATUS the status pipe, FD_CONTROL the control pipe;
 * every other fd lands in the init at its slot (0, 1, 2, passed fds).
 * The server answers on the status pipe only.
 *
 * The numbers are in wire.def (Java: ShimWire, LaunchRequest).
 */
#ifndef SANDBOX4J_SERVER_H
#define SANDBOX4J_SERVER_H

enum {
#define WIRE_REQUEST(name, v) REQUEST_##name = (v),
#include "wire.def"
};

/* argv[1] of the server ("--server=MS"); an init blanks it so that ps
 * inside shows PID 1 as plain "sandbox4j". */
extern char *shim_mode_arg;

__attribute__((noreturn)) void server_run(int sock);
/* The JVM's cgroup name prefix: at its death the server also removes the
 * groups so named beside its sandboxes' (a pooled sandbox's run groups). */
void server_stale_prefix(const char *prefix);

/* The server's own fds as Java places them when it spawns it (wire.def). */
enum {
#define WIRE_SERVER_SLOT(name, fd) FD_SERVER_##name = (fd),
#include "wire.def"
};

#endif
