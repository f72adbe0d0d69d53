package dev.sandbox4j.internal.describe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a /proc file in one read: the kernel builds such a file at each
 * read, so reading it in pieces can mix two states of a mount table. A
 * file that fills the buffer is read again with a larger one.
 */
final class ProcFiles {
    private static final int START = 64 * 1024, MAX = 64 << 20;

    private ProcFiles() {}

    static String read(Path file) throws IOException {
        for (int size = START; ; size *= 2) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(size);
                int n = Math.max(0, ch.read(buf));
                if (n < size || size >= MAX) {
                    return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** The inode of a namespace link ({@code mnt:[4026531840]}). */
    static long nsInode(Path link) throws IOException {
        String target = Files.readSymbolicLink(link).toString();
        int open = target.indexOf('['), close = target.indexOf(']');
        if (open < 0 || close < open) {
            throw new IOException("unexpected namespace link " + link + " -> " + target);
        }
        return Long.parseLong(target.substring(open + 1, close));
    }

    /** The value of a {@code Name:\tvalue} line of a status file, or "" without it. */
    static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }
}
