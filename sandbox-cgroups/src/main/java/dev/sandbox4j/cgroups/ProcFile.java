package dev.sandbox4j.cgroups;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file of /proc or /sys with one large first read. Their size is 0,
 * so {@code Files.readString} starts with a tiny read, and many of them
 * (every /proc/sys sysctl) answer a read at a non-zero offset with end of
 * file: {@code user/max_user_namespaces} then reads as "9" for 96368.
 * Every /proc, /sys and cgroupfs read of the project goes through here.
 */
public final class ProcFile {
    /**
     * Enough for the files read on every start ({@code task/N/children}, {@code status}, cgroup
     * files): a buffer this size per read, not {@link #FULL_READ}, which showed in the allocation
     * profile of a start.
     */
    private static final int SMALL_READ = 4 * 1024;
    /** Larger than any of the small files the library reads; a longer file is read on to its end. */
    private static final int FULL_READ = 64 * 1024;

    private ProcFile() {}

    /**
     * The file's whole content as UTF-8.
     *
     * @param file a file of /proc, /sys or a cgroup file system
     * @return its content
     * @throws IOException when it cannot be opened or read
     */
    public static String read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(SMALL_READ);
            if (ch.read(buf) > 0 && !buf.hasRemaining()) {
                // Filled: it may be longer, and a sysctl answers a read at a non-zero offset with end
                // of file, so read it again from the start with one large first read.
                buf = ByteBuffer.allocate(FULL_READ);
                ch.position(0);
            }
            while (ch.read(buf) > 0) {
                if (!buf.hasRemaining()) {
                    buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The first line, trimmed; for one-value files like {@code /proc/sys/user/max_user_namespaces}.
     *
     * @param file a one-value file
     * @return its first line without surrounding white space
     * @throws IOException when it cannot be opened or read
     */
    public static String value(Path file) throws IOException {
        String s = read(file);
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}
