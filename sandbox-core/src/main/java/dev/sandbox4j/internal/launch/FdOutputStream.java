package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.process.FdStream;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Writes the write end of a pipe to the sandbox (the program's stdin). */
final class FdOutputStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private final Syscalls sys;
    private final FdStream stream;
    private MemorySegment buf; // guarded by this; allocated by the first write

    FdOutputStream(Syscalls sys, int fd) {
        this.sys = sys;
        this.stream = new FdStream(sys, fd);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int fd = stream.acquire();
        if (fd < 0) {
            throw FdStream.closedError();
        }
        try {
            synchronized (this) {
                if (buf == null) {
                    buf = Arena.ofAuto().allocate(CHUNK);
                }
                while (len > 0) {
                    int chunk = Math.min(len, CHUNK);
                    MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, chunk);
                    long done = 0;
                    while (done < chunk) {
                        done += sys.write(fd, buf.asSlice(done), chunk - done);
                    }
                    off += chunk;
                    len -= chunk;
                }
            }
        } finally {
            stream.release();
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
