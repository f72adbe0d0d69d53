package dev.sandbox4j.internal.process;

import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;

/**
 * An fd shared by one stream's readers or writers and its closer. A close
 * while a call is blocked in the kernel is deferred until that call returns,
 * so the number can never be reused under a running read or write.
 */
public final class FdStream {
    private final Syscalls sys;
    private final int fd;
    private int inFlight;
    private boolean closed;
    private boolean released;

    /**
     * Owns {@code fd} from now on.
     *
     * @param sys the system calls (close)
     * @param fd  the fd
     */
    public FdStream(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    /**
     * Marks the start of a call.
     *
     * @return the fd, or -1 once closed
     */
    public synchronized int acquire() {
        if (closed) {
            return -1;
        }
        inFlight++;
        return fd;
    }

    /** Marks the end of a call started with {@link #acquire()}. */
    public synchronized void release() {
        if (--inFlight == 0 && closed) {
            closeNow();
        }
    }

    /** Closes the fd now, or when the last call in flight returns. */
    public synchronized void close() {
        closed = true;
        if (inFlight == 0) {
            closeNow();
        }
    }

    private void closeNow() {
        if (released) {
            return;
        }
        released = true;
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            // EBADF cannot happen for an fd we own; nothing useful to do otherwise.
        }
    }

    /**
     * What a stream throws once closed.
     *
     * @return the exception
     */
    public static IOException closedError() {
        return new IOException("Stream closed");
    }
}
