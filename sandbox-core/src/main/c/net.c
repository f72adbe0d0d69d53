/* Brings the loopback interface of a new network namespace up. */
#include "fds.h"
#include "net.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail("loopback up", errno, "socket(AF_INET)");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        fail("loopback up", errno, "SIOCGIFFLAGS lo");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        fail("loopback up", errno, "SIOCSIFFLAGS lo");
    close(s);
}

void net_listen(int chan, const void *addr, uint32_t len, uint32_t backlog)
{
    sa_family_t family;
    if (len < sizeof family || len > sizeof(struct sockaddr_storage))
        fail("net listen", EINVAL, "socket address of %u bytes", len);
    memcpy(&family, addr, sizeof family);
    /* The target must never hold the channel: the JVM's side of this sandbox. */
    if (fcntl(chan, F_SETFD, FD_CLOEXEC) != 0)
        fail("net listen", errno, "fcntl FD_CLOEXEC on fd %d", chan);
    int s = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail("net listen", errno, "socket(family %u)", (unsigned)family);
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(s, addr, len) != 0)
        fail("net listen", errno, "bind (family %u, %u bytes)", (unsigned)family, len);
    if (listen(s, (int)backlog) != 0)
        fail("net listen", errno, "listen (backlog %u)", backlog);
    uint32_t ok = 0;
    if (send_fd(chan, s, &ok, sizeof ok) != 0)
        fail("net listen", errno, "sending the listening socket over fd %d", chan);
    close(s);
}

int net_serve(int chan)
{
    uint32_t req[2];
    ssize_t n = recv(chan, req, sizeof req, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (n != (ssize_t)sizeof req)
        return 0; /* the JVM closed its side (or sent garbage): stop serving */
    int s = socket((int)req[0], (int)req[1] | SOCK_CLOEXEC, 0);
    uint32_t err = s < 0 ? (uint32_t)errno : 0;
    int ok = send_fd(chan, s, &err, sizeof err) == 0;
    if (s >= 0)
        close(s);
    return ok;
}
