/*
 * The sandbox's terminal (OP_PTY), made by the init after the filesystem
 * steps: from /dev/ptmx as the sandbox sees it, so the pair belongs to the
 * sandbox's own devpts instance and `tty` inside names a /dev/pts/N that
 * exists there (a host pty's name would not resolve inside). The follower
 * becomes fds 0, 1, 2, which the target inherits; the leader goes to Java
 * over the socket Java passed, and neither stays in the init, so the
 * leader reads end of file (EIO) once the sandbox's last user of the
 * terminal is gone.
 */
#include "fds.h"
#include "pty.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41) /* Linux 4.13; older libc headers lack it */
#endif

void pty_open(uint32_t sock, uint32_t columns, uint32_t rows)
{
    if (columns == 0 || rows == 0 || columns > 0xffff || rows > 0xffff)
        fail("plan", EINVAL, "terminal size %ux%u", columns, rows);
    int leader = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (leader < 0)
        fail("pty", errno, "/dev/ptmx");
    int unlock = 0;
    if (ioctl(leader, TIOCSPTLCK, &unlock) != 0)
        fail("pty", errno, "TIOCSPTLCK (unlockpt) on /dev/ptmx");
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)columns };
    if (ioctl(leader, TIOCSWINSZ, &ws) != 0)
        fail("pty", errno, "TIOCSWINSZ %ux%u on /dev/ptmx", columns, rows);
    int follower = ioctl(leader, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (follower < 0)
        fail("pty", errno, "TIOCGPTPEER on /dev/ptmx");
    for (int fd = 0; fd < 3; fd++) {
        if (dup2(follower, fd) < 0)
            fail("pty", errno, "dup2(%d, %d) of the terminal's follower", follower, fd);
    }
    if (follower > 2)
        close(follower);
    char byte = 't';
    if (send_fd((int)sock, leader, &byte, 1) != 0)
        fail("pty", errno, "sending the terminal's leader to Java (socket fd %u)", sock);
    close(leader);
    close((int)sock);
}
