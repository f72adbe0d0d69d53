/*
 * sandbox4j shim: applies launch plans that Java wrote; decides nothing.
 *
 *   JVM --posix_spawn, once--> server (host namespaces)     server.c
 *        --request per sandbox-->  read plan (pipe)
 *                                  take the spare init, or
 *                                  clone(CLONE_NEW*) ----> init (PID 1)    init.c
 *                                  uid/gid maps, cgroups     take own fds
 *                                  release the init          wait for release
 *                                  signal on request,        unshare cgroup/time
 *                                  kill on EOF (control)     mounts, pivot_root,
 *                                  reap, report REAPED       hostname, lo up
 *                                                            spawn -----> target   target.c
 *                                                            report STARTED  session, ids,
 *                                                            reap, forward   rlimits, caps,
 *                                                            report EXITED   no_new_privs, fds,
 *                                                                            seccomp, execve
 * When a sandbox ends the server clones the next init ahead of its request
 * (spare.c): it waits for its fds and plan on a socket, then goes on as above.
 * Every failure goes to Java as STATUS_FAILED with step, errno and detail.
 */
#include "server.h"
#include "spare.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

char *shim_mode_arg;

/* --userns: a user namespace for the library to map and open (an idmapped
 * workspace's), held until stdin reaches end of file: the JVM writes its
 * maps, opens /proc/<pid>/ns/user and closes the pipe. Nothing else runs. */
static int userns_hold(void)
{
    char c = 'r';
    if (unshare(CLONE_NEWUSER) < 0) {
        c = 'e';
        if (write(1, &c, 1) < 0)
            return 1;
        return 1;
    }
    if (write(1, &c, 1) != 1)
        return 1;
    while (read(0, &c, 1) > 0) {
    }
    return 0;
}

int main(int argc, char **argv)
{
    close(FD_SHIM); /* exec'd through /proc/self/fd: nothing else may see it */
    if (argc == 2 && strcmp(argv[1], "--userns") == 0)
        return userns_hold();
    /* --server=MS[:PREFIX]: the server, whose spare init waits at most MS
     * milliseconds for a request, and whose JVM names its cgroups PREFIX...
     * (Java's settings) */
    char *end = NULL;
    unsigned long idle_ms = 0;
    if (argc == 2 && strncmp(argv[1], "--server=", 9) == 0)
        idle_ms = strtoul(argv[1] + 9, &end, 10);
    const char *prefix = end && *end == ':' ? end + 1 : "";
    if (!end || end == argv[1] + 9 || (*end && *end != ':') || idle_ms > 24ul * 3600 * 1000
        || strlen(prefix) >= 64 || strchr(prefix, '/') || (*end == ':' && !*prefix)) {
        fprintf(stderr, "sandbox4j shim: started by the sandbox4j library only (--server=MS[:PREFIX])\n");
        return 2;
    }
    spare_idle(idle_ms);
    server_stale_prefix(prefix);
    shim_mode_arg = argv[1];
    fcntl(FD_SERVER_SOCKET, F_SETFD, FD_CLOEXEC);
    fcntl(FD_SERVER_ID_LOCKS, F_SETFD, FD_CLOEXEC); /* EBADF when rootless: none */
    /* Never the JVM's child: the JVM waits for nothing of ours, and its
     * children stay its own. The JVM's death is end of file on the socket. */
    pid_t pid = fork();
    if (pid != 0)
        _exit(pid < 0 ? 1 : 0);
    setsid(); /* no terminal's signals: Ctrl-C reaches the JVM, whose exit ends us */
    prctl(PR_SET_NAME, (unsigned long)"sandbox4j", 0, 0, 0);
    server_run(FD_SERVER_SOCKET);
}
