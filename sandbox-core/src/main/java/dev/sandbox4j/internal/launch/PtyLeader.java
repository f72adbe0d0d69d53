package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.process.FdStream;
import dev.sandbox4j.internal.sys.PtyCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;

/**
 * The leader side of a sandbox's terminal, kept for resizing: its own fd,
 * so closing the process's streams does not take it away; closed when the
 * sandbox has ended.
 */
final class PtyLeader {
    private final FdStream fd;

    PtyLeader(Syscalls sys, int fd) {
        this.fd = new FdStream(sys, fd);
    }

    void resize(int columns, int rows) throws IOException {
        TerminalSpec.check(columns, rows);
        int f = fd.acquire();
        if (f < 0) {
            throw new IllegalStateException("cannot resize the terminal to " + columns + "x" + rows
                    + ": the sandbox has ended");
        }
        try {
            PtyCalls.setWindowSize(f, columns, rows);
        } catch (SyscallException e) {
            throw new IOException("cannot resize the sandbox's terminal: " + e.getMessage(), e);
        } finally {
            fd.release();
        }
    }

    void close() {
        fd.close();
    }
}
