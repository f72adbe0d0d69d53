/* Moving, sending and receiving fds (fds.c). */
#ifndef SANDBOX4J_FDS_H
#define SANDBOX4J_FDS_H

#include <stddef.h>
#include <sys/socket.h>

/* An fd the server received for a launch and the number it gets in the init. */
struct placed_fd {
    int fd;
    int slot;
};

/* The fds an SCM_RIGHTS message brought, at most max, in order. */
int received_fds(struct msghdr *msg, int *fds, int max);

/* Sends payload with fd attached (none when fd < 0) over a unix socket;
 * 0, or -1 with errno set (EIO for a short send). */
int send_fd(int sock, int fd, const void *payload, size_t len);

/* Moves each fd to its slot (close-on-exec cleared) and closes every other
 * fd: the server's socket and other sandboxes' pipes must not reach this one. */
void place_fds(const struct placed_fd *fds, int nfds);

#endif
