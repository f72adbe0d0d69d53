package dev.sandbox4j.internal.net;

import dev.sandbox4j.internal.sys.NetCalls;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a proxy handshake from a socket of the sandbox, bounded in size; what it read past the end stays. */
final class FdReader {
    private static final int MAX = 16384; // a request head larger than this is refused, not buffered

    final int fd;
    private final byte[] buf = new byte[MAX];
    private int pos, lim;

    FdReader(int fd) {
        this.fd = fd;
    }

    private boolean fill() throws IOException {
        if (lim == MAX) {
            throw new IOException("proxy request head over " + MAX + " bytes");
        }
        int n = NetCalls.read(fd, buf, lim, MAX - lim);
        lim += Math.max(n, 0);
        return n > 0;
    }

    int u8() throws IOException {
        if (pos == lim && !fill()) {
            throw new EOFException("the program closed the proxy connection mid-request");
        }
        return buf[pos++] & 0xff;
    }

    byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) u8();
        }
        return b;
    }

    /** A line up to CRLF (or LF), without it, as ISO-8859-1. */
    String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = u8()) != '\n';) {
            sb.append((char) c);
        }
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
    }

    /** The bytes read but not consumed. */
    byte[] rest() {
        byte[] r = new byte[lim - pos];
        System.arraycopy(buf, pos, r, 0, r.length);
        pos = lim;
        return r;
    }

    void write(String s) throws IOException {
        write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] b) throws IOException {
        NetCalls.writeAll(fd, b, 0, b.length);
    }
}
