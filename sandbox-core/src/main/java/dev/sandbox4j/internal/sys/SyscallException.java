package dev.sandbox4j.internal.sys;

import java.io.IOException;

/** A failed system call, named with its errno: {@code pidfd_open: ESRCH (No such process)}. */
public final class SyscallException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    public SyscallException(String call, int errno) {
        this(call, errno, null);
    }

    public SyscallException(String call, int errno, String detail) {
        super(call + (detail == null ? "" : " " + detail) + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
