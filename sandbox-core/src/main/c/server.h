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
 * Java mirror: dev.sandbox4j.internal.launch.LaunchRequest.
 */
#ifndef SANDBOX4J_SERVER_H
#define SANDBOX4J_SERVER_H

#define REQUEST_MAGIC   0x524a3453u /* "S4JR" */
#define REQUEST_VERSION 2u
#define REQUEST_HEADER 28 /* bytes before the slots */
#define REQUEST_MAX_FDS 253 /* the kernel's SCM_MAX_FD */

/* A spare init unused this long is killed: an idle JVM holds no namespaces. */
#define SPARE_IDLE_MS 10000

/* The server's socket, as Java places it when it spawns the server. */
#define FD_SERVER_SOCKET 3
/* As root, Java's lock on the host id ranges of its sandboxes (an open
 * file description holding fcntl OFD locks), placed when it spawns the
 * server. The server holds it until it exits, after reaping every init:
 * a range stays locked until each process that had it is gone, even when
 * the JVM died first. */
#define FD_SERVER_ID_LOCKS 4

#endif
