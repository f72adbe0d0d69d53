/*
 * Runs one id map helper (newuidmap / newgidmap, setuid, from the plan's
 * OP_ID_MAP_HELPER) for an init, the server's child: a rootless caller's
 * subordinate ids can only be mapped by them. No allocation: the outer
 * role may jump back to the server on a failure.
 */
#include "io.h"
#include "maphelper.h"
#include "plan.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 3 * 340 /* the kernel's extents per map, three numbers each */

int map_helper_run(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen)
{
    struct op op = { OP_ID_MAP_HELPER, len, payload };
    struct reader r;
    reader_init(&r, &op);
    uint32_t plen;
    const uint8_t *path = rd_bytes(&r, &plen);
    uint32_t n = rd_u32(&r);
    static char pathz[256], pidz[16], argbuf[MAX_ARGS * 12];
    static char *argv[MAX_ARGS + 3];
    snprintf(why, whylen, "malformed id map helper op");
    if (r.bad || plen == 0 || plen >= sizeof pathz || n > MAX_ARGS)
        return -1;
    memcpy(pathz, path, plen);
    pathz[plen] = '\0';
    snprintf(pidz, sizeof pidz, "%d", (int)pid);
    int argc = 0;
    argv[argc++] = pathz;
    argv[argc++] = pidz;
    size_t used = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t alen;
        const uint8_t *a = rd_bytes(&r, &alen);
        if (r.bad || used + alen + 1 > sizeof argbuf)
            return -1;
        memcpy(argbuf + used, a, alen);
        argbuf[used + alen] = '\0';
        argv[argc++] = argbuf + used;
        used += alen + 1;
    }
    argv[argc] = NULL;
    if (!reader_ok(&r)) /* every read fit and nothing is left over */
        return -1;
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        snprintf(why, whylen, "pipe2 for %s: %s", pathz, strerror(errno));
        return 1;
    }
    pid_t helper = fork();
    if (helper == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL); /* the server's blocked SIGCHLD is not the helper's */
        dup2(out[1], 1);
        dup2(out[1], 2);
        char *env[] = { NULL };
        execve(pathz, argv, env);
        _exit(127);
    }
    int err = errno;
    close(out[1]);
    char said[160];
    int rerr;
    ssize_t got = (ssize_t)io_read_upto(out[0], said, sizeof said - 1, &rerr);
    close(out[0]);
    said[got] = '\0';
    for (ssize_t i = 0; i < got; i++) {
        if (said[i] == '\n')
            said[i] = i == got - 1 ? '\0' : ' ';
    }
    if (helper < 0) {
        snprintf(why, whylen, "fork for %s: %s", pathz, strerror(err));
        return 1;
    }
    int status = 0;
    while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    snprintf(why, whylen, "%s %s ... %s %d: %s", pathz, pidz, WIFEXITED(status) ? "exit" : "signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), got ? said : "(no output)");
    return 1;
}
