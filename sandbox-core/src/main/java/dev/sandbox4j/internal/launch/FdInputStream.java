package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.process.FdStream;
import dev.sandbox4j.internal.process.ProgramOutput;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the read end of a pipe from the sandbox (the program's stdout or
 * stderr). Like the JDK's process streams, it keeps what is left in the pipe
 * when the sandbox ends and releases the fd, so an unclosed stream leaks none.
 */
final class FdInputStream extends InputStream implements ProgramOutput {
    private static final int CHUNK = 64 * 1024;
    private final Syscalls sys;
    private final FdStream stream;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock; allocated on first use (most sandboxes' streams are never
    // read, and fresh native memory costs page faults). Auto arena: a read
    // racing close() may still use it.
    private MemorySegment buf;
    private byte[] rest; // what was left in the pipe at exit, once drained
    private int restPos;
    private final OutputBudget.Meter meter; // null: no output limit
    private boolean cut; // guarded by lock: over the output limit, the rest is never delivered

    FdInputStream(Syscalls sys, int fd) {
        this(sys, fd, null);
    }

    /** A stream that delivers no more than {@code meter} allows (null: no limit). */
    FdInputStream(Syscalls sys, int fd, OutputBudget.Meter meter) {
        this.sys = sys;
        this.stream = new FdStream(sys, fd);
        this.meter = meter;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            if (rest != null) {
                int n = Math.min(len, rest.length - restPos);
                if (n == 0) {
                    return -1;
                }
                System.arraycopy(rest, restPos, b, off, n);
                restPos += n;
                return n;
            }
            if (cut) {
                return -1;
            }
            int fd = stream.acquire();
            if (fd < 0) {
                throw FdStream.closedError();
            }
            try {
                MemorySegment into = buffer();
                int ask = Math.min(len, CHUNK);
                int n;
                try {
                    n = (int) sys.read(fd, into, meter == null ? ask : meter.allowance(ask));
                } catch (SyscallException e) {
                    if (e.errno() == Errno.EIO) {
                        return -1; // a terminal's leader once the sandbox's last user of the terminal is gone
                    }
                    throw e;
                }
                if (n > 0 && meter != null) {
                    int read = n;
                    n = meter.delivered(read);
                    cut = n < read;
                }
                if (n == 0) {
                    return -1;
                }
                MemorySegment.copy(into, ValueLayout.JAVA_BYTE, 0, b, off, n);
                return n;
            } finally {
                stream.release();
            }
        } finally {
            lock.unlock();
        }
    }

    private MemorySegment buffer() {
        if (buf == null) {
            buf = Arena.ofAuto().allocate(CHUNK);
        }
        return buf;
    }

    /** What a read returns without blocking: the kept rest, else what the pipe holds. */
    @Override
    public int available() throws IOException {
        int kept = keptRest();
        if (kept >= 0) {
            return kept;
        }
        int fd = stream.acquire();
        if (fd < 0) {
            kept = keptRest(); // processExited() may have kept the rest and closed the fd meanwhile
            if (kept >= 0) {
                return kept;
            }
            throw FdStream.closedError();
        }
        try {
            return sys.bytesAvailable(fd);
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            stream.release();
        }
    }

    /** Bytes left of the kept rest, or -1 when none is kept (or a blocked reader holds the lock). */
    private int keptRest() {
        if (!lock.tryLock()) {
            return -1;
        }
        try {
            return rest == null ? -1 : rest.length - restPos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sandbox has ended: unless a reader is busy, keep what the pipe
     * still holds and close the fd.
     */
    @Override
    public void processExited() {
        if (!lock.tryLock()) {
            return; // a reader is blocked on it and will see end of file itself
        }
        keepRest();
    }

    /**
     * {@link #processExited()} for a stream with an output limit, on a thread that may block: waits
     * (boundedly) for a reader's read in progress to return, then counts what is left, so that
     * whether the program went over its limit is known before its result is.
     */
    @Override
    public void settle() {
        try {
            if (!lock.tryLock(2, java.util.concurrent.TimeUnit.SECONDS)) {
                return; // a pipe held open from outside the sandbox: the reader counts the rest itself
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        keepRest();
    }

    /** Keeps what the pipe holds and closes the fd; the caller holds the lock, which this releases. */
    private void keepRest() {
        try {
            int fd = stream.acquire();
            if (fd < 0 || rest != null) {
                if (fd >= 0) {
                    stream.release();
                }
                return;
            }
            ByteArrayOutputStream left = new ByteArrayOutputStream();
            try {
                if (sys.bytesAvailable(fd) > 0) { // nothing to keep needs no buffer
                    sys.fcntl(fd, Syscalls.F_SETFL, Syscalls.O_NONBLOCK);
                    MemorySegment into = buffer();
                    long n;
                    while (!cut && (n = sys.read(fd, into, meter == null ? CHUNK : meter.allowance(CHUNK))) > 0) {
                        int keep = meter == null ? (int) n : meter.delivered((int) n);
                        cut = keep < n;
                        left.writeBytes(into.asSlice(0, keep).toArray(ValueLayout.JAVA_BYTE));
                    }
                }
            } catch (SyscallException e) {
                // EAGAIN: a process outside the sandbox's pid namespace still holds the pipe; keep what we have
            } finally {
                stream.release();
            }
            rest = left.toByteArray();
            stream.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
