/*
 * Cloning as the sandbox's host ids: see creator.h. Real and effective ids
 * both change (the kernel takes the namespace's owner from the effective
 * uid, and applies RLIMIT_NPROC at creation only for a real uid other than
 * 0); the saved ids stay 0, so the permitted capabilities survive and
 * setresuid(0, 0, 0) brings the effective ones back.
 */
#include "creator.h"
#include "status.h"

#include <errno.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static struct rlimit saved_nproc;

int creator_same(const struct creator *a, const struct creator *b)
{
    return a->uid == b->uid && a->gid == b->gid && a->nproc == b->nproc;
}

int creator_enter(const struct creator *c, const char **step)
{
    if (c->uid == CREATOR_SERVER)
        return 1;
    *step = "getrlimit NPROC";
    if (getrlimit(RLIMIT_NPROC, &saved_nproc) != 0)
        return 0;
    /* No cap, or one above the hard limit: the hard limit (raising it would
     * need CAP_SYS_RESOURCE, which a root in a container may lack). */
    struct rlimit cap = saved_nproc;
    if (c->nproc != UINT64_MAX && (cap.rlim_max == RLIM_INFINITY || (rlim_t)c->nproc < cap.rlim_max))
        cap.rlim_cur = (rlim_t)c->nproc;
    else
        cap.rlim_cur = cap.rlim_max;
    *step = "setrlimit NPROC";
    if (setrlimit(RLIMIT_NPROC, &cap) != 0)
        return 0;
    /* Root's supplementary groups must not reach the init: drop them for
     * good, the server needs none. */
    *step = "setgroups";
    int ok = setgroups(0, NULL) == 0;
    if (ok) {
        *step = "setresgid";
        ok = setresgid(c->gid, c->gid, 0) == 0;
    }
    if (ok) {
        *step = "setresuid";
        ok = setresuid(c->uid, c->uid, 0) == 0;
        if (!ok) {
            int err = errno;
            setresgid(0, 0, 0);
            errno = err;
        }
    }
    if (!ok) {
        int err = errno;
        setrlimit(RLIMIT_NPROC, &saved_nproc);
        errno = err;
    }
    return ok;
}

void creator_leave(const struct creator *c)
{
    if (c->uid == CREATOR_SERVER)
        return;
    if (setresuid(0, 0, 0) != 0 || setresgid(0, 0, 0) != 0 || setrlimit(RLIMIT_NPROC, &saved_nproc) != 0)
        _exit(SHIM_SETUP_FAILED); /* its inits die with it (parent-death signal); Java starts a new server */
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

void creator_child(const struct creator *c)
{
    if (c->uid != CREATOR_SERVER)
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}
