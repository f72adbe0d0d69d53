/* Signal plumbing shared by the outer and the init. */
#include "roles.h"
#include "status.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

static void ignore_handler(int sig) { (void)sig; }

int signals_to_fd(void)
{
    static const int forwarded[] = FORWARDED_SIGNALS;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    /* PID 1 of a pid namespace only receives signals it has a handler for,
     * even through a signalfd: install a no-op handler before blocking. */
    struct sigaction sa = { .sa_handler = ignore_handler };
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
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
