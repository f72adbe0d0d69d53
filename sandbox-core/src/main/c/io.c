/* The read and write loops (see io.h). */
#include "io.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

size_t io_read_upto(int fd, void *buf, size_t n, int *err)
{
    size_t got = 0;
    *err = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            *err = errno;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

int io_write_all(int fd, const void *buf, size_t n, int sock)
{
    for (size_t done = 0; done < n;) {
        const char *p = (const char *)buf + done;
        ssize_t w = sock ? send(fd, p, n - done, MSG_NOSIGNAL) : write(fd, p, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return 0;
        }
        done += (size_t)w;
    }
    return 1;
}
