/* The read and write loops every role needs (EINTR, short transfers). */
#ifndef SANDBOX4J_IO_H
#define SANDBOX4J_IO_H

#include <stddef.h>

/* Reads until n bytes, end of file or an error; returns how many bytes it
 * read. *err is 0, or the errno of the read that failed. */
size_t io_read_upto(int fd, void *buf, size_t n, int *err);

/* Writes all n bytes (with send(MSG_NOSIGNAL) when sock, so a closed peer
 * is EPIPE, not SIGPIPE); 1, or 0 with errno set (EIO for a write of 0). */
int io_write_all(int fd, const void *buf, size_t n, int sock);

#endif
