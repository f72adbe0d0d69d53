/*
 * sandbox4j shim: applies a launch plan that Java wrote; decides nothing.
 *
 *   JVM --posix_spawn--> outer (host pid ns)        outer.c
 *                          read plan (fd 3)
 *                          clone(CLONE_NEW*) -------> init (PID 1)    init.c
 *                          uid/gid maps, cgroups       wait for release
 *                          release the init            unshare cgroup/time
 *                          forward signals,            mounts, pivot_root,
 *                          kill on request/EOF (fd 6)  hostname, lo up
 *                          exit with the init          spawn -----> target   target.c
 *                                                      report STARTED  session, ids,
 *                                                      reap, forward   rlimits, caps,
 *                                                      report EXITED   no_new_privs, fds,
 *                                                                      seccomp, execve
 * Every failure goes to Java as STATUS_FAILED with step, errno and detail.
 */
#include "plan.h"
#include "roles.h"
#include "status.h"

#include <fcntl.h>
#include <unistd.h>

int main(void)
{
    close(FD_SHIM); /* exec'd through /proc/self/fd: nothing else may see it */
    status_set_fd(FD_STATUS);
    fcntl(FD_STATUS, F_SETFD, FD_CLOEXEC);
    fcntl(FD_CONTROL, F_SETFD, FD_CLOEXEC);

    struct plan plan;
    plan_read(FD_PLAN, &plan);
    close(FD_PLAN);

    outer_run(&plan);
}
