/* Gives a new init exactly its own fds, at the numbers Java chose; takes
 * the fds a socket message brought, and sends one. */
#include "fds.h"
#include "server.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int is_slot(const struct placed_fd *fds, int nfds, int fd)
{
    for (int i = 0; i < nfds; i++) {
        if (fds[i].slot == fd)
            return 1;
    }
    return 0;
}

void place_fds(const struct placed_fd *fds, int nfds)
{
    int top = 0;
    for (int i = 0; i < nfds; i++) {
        if (fds[i].fd >= top)
            top = fds[i].fd + 1;
        if (fds[i].slot >= top)
            top = fds[i].slot + 1;
    }
    /* First above every source and slot, so no dup2 below overwrites a
     * source still to be moved. */
    int moved[nfds > 0 ? nfds : 1];
    for (int i = 0; i < nfds; i++) {
        if ((moved[i] = fcntl(fds[i].fd, F_DUPFD_CLOEXEC, top)) < 0)
            fail("place fds", errno, "fd %d for slot %d", fds[i].fd, fds[i].slot);
        if (fds[i].fd == status_fd())
            status_set_fd(moved[i]); /* its old number may become another slot */
    }
    int max_slot = -1;
    for (int i = 0; i < nfds; i++) {
        if (dup2(moved[i], fds[i].slot) < 0)
            fail("place fds", errno, "dup2 onto slot %d", fds[i].slot);
        if (moved[i] == status_fd())
            status_set_fd(fds[i].slot);
        if (fds[i].slot > max_slot)
            max_slot = fds[i].slot;
    }
    for (int fd = 0; fd < max_slot; fd++) {
        if (!is_slot(fds, nfds, fd))
            close(fd);
    }
    if (syscall(SYS_close_range, (unsigned)max_slot + 1, ~0u, 0) != 0)
        fail("place fds", errno, "close_range from %d", max_slot + 1);
}

int received_fds(struct msghdr *msg, int *fds, int max)
{
    int n = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < count && n < max; i++)
            memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
    }
    return n;
}

ssize_t recv_with_fds(int sock, void *buf, size_t size, int flags, int *fds, int *nfds, int *cut)
{
    union {
        char buf[CMSG_SPACE(sizeof(int) * REQUEST_MAX_FDS)];
        struct cmsghdr align;
    } control;
    struct iovec iov = { buf, size };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof control.buf };
    ssize_t len;
    while ((len = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | flags)) < 0 && errno == EINTR)
        ;
    *nfds = len < 0 ? 0 : received_fds(&msg, fds, REQUEST_MAX_FDS);
    *cut = len >= 0 && (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
    return len;
}

int send_fd(int sock, int fd, const void *payload, size_t len)
{
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    struct iovec iov = { .iov_base = (void *)payload, .iov_len = len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (fd >= 0) {
        memset(&ctl, 0, sizeof ctl);
        msg.msg_control = ctl.buf;
        msg.msg_controllen = sizeof ctl.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof fd);
    }
    ssize_t n;
    while ((n = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    if (n == (ssize_t)len)
        return 0;
    if (n >= 0)
        errno = EIO;
    return -1;
}
