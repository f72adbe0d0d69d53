/*
 * A pooled sandbox's init (pool.c): prepared once, it serves many runs,
 * resetting what Java asked for between them. Java decides what is
 * prepared and what is reset (dev.sandbox4j.internal.pool); these ops only
 * say how.
 *
 * Prepare ops (init role, in the preparation's plan, before OP_POOL_SERVE):
 *   OP_POOL_HOME     u32 slot: a cgroup.procs fd (opened by Java) of the
 *                    init's own group; it moves back there after each run
 *   OP_POOL_EMPTY    str path of a writable tmpfs: its entries now are
 *                    recorded; each reset removes every other entry, and
 *                    fails when a recorded one changed (type, mode, owner,
 *                    device, link target) or is gone
 *   OP_POOL_MOUNTS   record the mount table now; each reset fails when it
 *                    differs in any byte
 *   OP_POOL_UTS      record hostname and domainname now; each reset sets them
 *   OP_POOL_NEW_IPC  each reset enters a fresh IPC namespace
 *   OP_POOL_SERVE    u32 slot of the channel (SOCK_SEQPACKET), u32 reset
 *                    deadline in ms. Last init op: instead of a target, report
 *                    STARTED (inner pid 1), close the preparation's stdio and
 *                    status fd, send POOL_READY and serve runs
 *
 * A run: one message on the channel laid out as a launch request (server.h;
 * the spare ids are ignored), slots 0-2 stdio, FD_PLAN the run's plan,
 * FD_STATUS and FD_CONTROL the run's status and control pipes, others as the
 * run ops name them. The run's plan holds run ops and target ops:
 *   OP_RUN_CGROUP    u32 slot: a cgroup.procs fd (read-write) of the run's
 *                    fresh group: the init joins it before the target starts
 *                    (the target inherits it), leaves it after, checks it empty
 *   OP_RUN_FILE      str path, u32 mode, u32 uid, u32 gid, bytes content: a
 *                    new file (missing parents made, owned likewise)
 * The run's status pipe gets STARTED, EXITED (or FAILED) and REAPED as from a
 * fresh init, REAPED once every process of the run is gone; a control byte 9
 * kills every process of the run, any other is sent to the target. Then the
 * reset; a reset that cannot finish or verify sends STATUS_FAILED on the
 * channel and the init exits (the pool discards it), otherwise POOL_READY.
 */
#ifndef SANDBOX4J_POOL_H
#define SANDBOX4J_POOL_H

#include "plan.h"

#include <sys/resource.h>
#include <sys/types.h>

/* The op codes (OP_POOL_*, OP_RUN_*) and the channel record STATUS_POOL_READY
 * are in wire.def. */

/* A prepare op, from the init's op loop. Fails through fail(). */
void pool_op(const struct op *op);
/* Whether OP_POOL_SERVE was applied: the init serves runs. */
int pool_active(void);
/* Serves runs until the channel closes; sfd is the init's signalfd. */
__attribute__((noreturn)) void pool_serve(int sfd, uint32_t host_pid);

/* From init.c: start a target of plan and report STARTED (-1 after passing
 * on its failure, in a pooled init); write an EXITED record. */
pid_t start_target(const struct plan *plan);
void write_exited(int status, const struct rusage *ru);

#endif
