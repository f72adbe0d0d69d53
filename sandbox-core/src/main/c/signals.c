/* Signal plumbing shared by the outer and the init. */
#include "plan.h"
#include "signals.h"
#include "status.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

static void ignore_handler(int sig) { (void)sig; }

/* OP_FORWARD_SIGNALS: the init's list, which the target inherits. */
static int forwarded[64];
static int nforwarded;

void forward_signals(const struct op *op)
{
    struct reader r;
    reader_init(&r, op);
    uint32_t n = rd_u32(&r);
    if (n > sizeof forwarded / sizeof forwarded[0])
        fail("plan", EINVAL, "%u signals to forward, at most %zu", n, sizeof forwarded / sizeof forwarded[0]);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sig = rd_u32(&r);
        if (sig < 1 || sig > 64 || sig == SIGKILL || sig == SIGSTOP)
            fail("plan", EINVAL, "signal %u cannot be forwarded", sig);
        forwarded[i] = (int)sig;
    }
    reader_done(&r, op);
    nforwarded = (int)n;
}

const int *forwarded_signals(int *n)
{
    *n = nforwarded;
    return forwarded;
}

int signals_to_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    /* PID 1 of a pid namespace only receives signals it has a handler for,
     * even through a signalfd: install a no-op handler before blocking. */
    struct sigaction sa = { .sa_handler = ignore_handler };
    for (int i = 0; i < nforwarded; i++) {
        sigaddset(&set, forwarded[i]);
        sigaction(forwarded[i], &sa, NULL);
    }
    sigaction(SIGCHLD, &sa, NULL);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
        fail("sigprocmask", errno, "block forwarded signals");
    int fd = signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0)
        fail("signalfd", errno, "forwarded signals");
    return fd;
}
