/*
 * The credentials a sandbox's user namespace is created with. The kernel
 * charges every per-user counter of the namespace (user namespaces,
 * inotify instances and watches, mqueue bytes, processes) up the chain to
 * the namespace's creator, and caps the namespace's processes with the
 * creator's RLIMIT_NPROC as it was at creation. So as root the server
 * clones each init as the sandbox's own host uid/gid, with the sandbox's
 * process cap, and becomes root again at once: never uid 0's counters.
 */
#ifndef SANDBOX4J_CREATOR_H
#define SANDBOX4J_CREATOR_H

#include "server.h"
#include <stdint.h>

/* uid: clone with the server's own ids; its number is in wire.def */
#define CREATOR_SERVER ((uint32_t)REQUEST_CREATOR_SERVER)

struct creator {
    uint32_t uid, gid;
    uint64_t nproc; /* the soft RLIMIT_NPROC; ~0 for none */
};

int creator_same(const struct creator *a, const struct creator *b);
/* Takes the creator's ids (saved uid/gid stay 0, so the server can come
 * back); 0 with errno set and nothing changed on failure, *step naming it. */
int creator_enter(const struct creator *c, const char **step);
/* Back to root after the clone; a server that cannot is no use: it exits. */
void creator_leave(const struct creator *c);
/* In the child right after the clone: the id change made the server's
 * memory non-dumpable, which would make /proc/1 inside root's. */
void creator_child(const struct creator *c);

#endif
