/* Moving, sending and receiving fds (fds.c). */
#ifndef SANDBOX4J_FDS_H
#define SANDBOX4J_FDS_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/* An fd the server received for a launch and the number it gets in the init. */
struct placed_fd {
    int fd;
    int slot;
};

/* The fds an SCM_RIGHTS message brought, at most max, in order. */
int received_fds(struct msghdr *msg, int *fds, int max);

/* One recvmsg (EINTR retried) of at most size bytes into buf, with the fds
 * it brings (close-on-exec; at most REQUEST_MAX_FDS, *nfds of them, in
 * order): the byte count, 0 at end of file, -1 with errno set. *cut says
 * the bytes or the fds did not all fit (MSG_TRUNC, MSG_CTRUNC). The launch
 * requests of the server and of a pooled init, and the spare's hand-over. */
ssize_t recv_with_fds(int sock, void *buf, size_t size, int flags, int *fds, int *nfds, int *cut);

/* Sends payload with fd attached (none when fd < 0) over a unix socket;
 * 0, or -1 with errno set (EIO for a short send). */
int send_fd(int sock, int fd, const void *payload, size_t len);

/* Moves each fd to its slot (close-on-exec cleared) and closes every other
 * fd: the server's socket and other sandboxes' pipes must not reach this one. */
void place_fds(const struct placed_fd *fds, int nfds);

#endif
