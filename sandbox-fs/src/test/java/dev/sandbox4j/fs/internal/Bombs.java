package dev.sandbox4j.fs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a gzip bomb without compressing its full size: a tar of files full
 * of zeros. After a full flush deflate starts afresh, so one compressed MiB
 * of zeros is the same bytes every time and is repeated rather than
 * recomputed. The trailer's CRC is left 0: a reader that got that far has
 * already unpacked the whole bomb, which is what the tests refuse.
 */
final class Bombs {
    private static final int CHUNK = 1 << 20;

    private Bombs() {}

    /** A .tar.gz holding {@code files} files of {@code mibEach} MiB of zeros each. */
    static byte[] gzipOfZeroFiles(int files, int mibEach) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = flushed(d, new byte[CHUNK]);
        if (!Arrays.equals(zeros, flushed(d, new byte[CHUNK]))) {
            throw new IllegalStateException("deflate of a flushed zero MiB is not reproducible here");
        }
        for (int f = 0; f < files; f++) {
            TarArchiveEntry e = new TarArchiveEntry("zeros" + f, true);
            e.setMode(0100644);
            e.setSize((long) mibEach * CHUNK);
            byte[] header = new byte[512];
            e.writeEntryHeader(header);
            out.write(flushed(d, header));
            for (int m = 0; m < mibEach; m++) {
                out.write(zeros);
            }
        }
        out.write(flushed(d, new byte[1024])); // the tar's end-of-archive blocks
        d.finish();
        byte[] buf = new byte[64];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        out.write(new byte[8]); // CRC32 and ISIZE, never reached
        return out.toByteArray();
    }

    private static byte[] flushed(Deflater d, byte[] input) {
        d.setInput(input);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            b.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return b.toByteArray();
    }

    /** A tar whose one file has a GNU long name of {@code bytes} bytes, which a reader holds in memory whole. */
    static byte[] gnuLongName(int bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarArchiveEntry name = new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME);
        name.setSize(bytes + 1L);
        byte[] header = new byte[512];
        name.writeEntryHeader(header);
        out.write(header);
        byte[] content = new byte[(bytes + 1 + 511) / 512 * 512];
        Arrays.fill(content, 0, bytes, (byte) 'n');
        out.write(content);
        TarArchiveEntry file = new TarArchiveEntry("short", true);
        file.setMode(0100644);
        header = new byte[512];
        file.writeEntryHeader(header);
        out.write(header);
        out.write(new byte[1024]);
        return out.toByteArray();
    }
}
