package dev.sandbox4j.internal.process;

import dev.sandbox4j.internal.launch.StatusRecord;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The read end of one sandbox's status pipe, where the shim server writes its records: read and
 * decoded in one loop, first blocking until the program runs (or the start failed), then, once the
 * pipe hung up, without blocking for what is left. Keeps what the records said.
 *
 * <pre>{@code
 * StatusChannel status = new StatusChannel(sys, statusFd);
 * if (status.readUntilStarted()) { ... status.started().initHostPid() ... }
 * }</pre>
 */
final class StatusChannel {
    private final Syscalls sys;
    private final int fd;
    // Status records are small (a failure, the largest, is about 1.2 KiB); a read
    // never takes more than the decode buffer has room for.
    private final ByteBuffer pending = ByteBuffer.allocate(4096);
    private final MemorySegment readBuf = Arena.ofAuto().allocate(2048);

    // Guarded by this: the starting thread and the loop's thread both read.
    private StatusRecord.Started started;
    private StatusRecord.Failed failed;
    private StatusRecord.Exited exited;
    private StatusRecord.Trapped trapped;
    private StatusRecord.Reaped reaped;

    StatusChannel(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /**
     * Blocks until the program runs, a setup step failed, or the pipe ended; then makes the pipe
     * non-blocking for {@link #drain()}. Returns whether the program runs.
     */
    boolean readUntilStarted() throws SyscallException {
        while (started() == null && failed() == null && readOnce()) {
            // each read decodes what it brought
        }
        sys.fcntl(fd, Syscalls.F_SETFL, Syscalls.O_NONBLOCK);
        return started() != null;
    }

    /** Reads what is left once the pipe hung up (the server wrote its last record). */
    void drain() {
        try {
            while (readOnce()) {
                // until end of file
            }
        } catch (SyscallException e) {
            // EAGAIN: nothing more was written (only before the end, from a failed start)
        }
    }

    /** One read, its whole records decoded; false at end of file. */
    private boolean readOnce() throws SyscallException {
        long n = sys.read(fd, readBuf, Math.min(readBuf.byteSize(), pending.remaining()));
        if (n == 0) {
            return false;
        }
        pending.put(readBuf.asSlice(0, n).asByteBuffer());
        pending.flip();
        StatusRecord.decode(pending).forEach(this::accept);
        return true;
    }

    private synchronized void accept(StatusRecord r) {
        switch (r) {
            case StatusRecord.Started s -> started = s;
            case StatusRecord.Failed f -> failed = failed == null ? f : failed;
            case StatusRecord.Exited e -> exited = e;
            case StatusRecord.Trapped t -> trapped = trapped == null ? t : trapped; // the first ended it
            case StatusRecord.Reaped end -> reaped = end;
        }
    }

    synchronized StatusRecord.Started started() {
        return started;
    }

    /** The first failure the shim reported, or null. */
    synchronized StatusRecord.Failed failed() {
        return failed;
    }

    /** The program's end as the init reported it, or null (the sandbox was killed as a whole). */
    synchronized StatusRecord.Exited exited() {
        return exited;
    }

    /** The first seccomp trap, or null. */
    synchronized StatusRecord.Trapped trapped() {
        return trapped;
    }

    /** The init's end as the server reported it, or null (the server went away). */
    synchronized StatusRecord.Reaped reaped() {
        return reaped;
    }
}
