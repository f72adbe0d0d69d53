package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.ImageLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What one unpack may still spend under its {@link ImageLimits}: bytes and
 * entries over every archive and layer together, path shape per entry, and
 * the compression ratio of the stream being read. Every refusal throws an
 * {@link IOException} naming the archive, the value and the limit to raise.
 * Checks run as bytes arrive, so a bomb is stopped after at most
 * {@link ImageLimits#RATIO_GRACE_BYTES} and nothing near its full size is read.
 */
final class UnpackBudget {
    private final ImageLimits limits;
    private final String archive;
    private long bytes;
    private long entries;
    private Counting compressed;
    private Counting plain;
    private long headerStart = -1;
    private String layer;
    private long layerWritten;

    UnpackBudget(ImageLimits limits, String archive) {
        this.limits = limits;
        this.archive = archive;
    }

    /** Starts counting the ratio of one archive or layer: {@code compressed} is its raw file, {@code plain} the tar. */
    void stream(String name, Counting compressed, Counting plain) {
        this.layer = name;
        this.compressed = compressed;
        this.plain = plain;
        this.layerWritten = 0;
        plain.budget = this;
    }

    /**
     * The next entry of {@code in}. commons-compress reads a GNU long name or a
     * PAX header into memory whole, so the bytes read while it looks for the
     * next entry are bounded by {@link ImageLimits#MAX_HEADER_BYTES}: a
     * gigabyte "name" is refused rather than filling the heap. The rest of the
     * current entry is read first, so that skipping it does not count.
     */
    TarArchiveEntry nextEntry(TarArchiveInputStream in, boolean inEntry) throws IOException {
        if (inEntry) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        headerStart = plain == null ? -1 : plain.count;
        try {
            return in.getNextEntry();
        } finally {
            headerStart = -1;
        }
    }

    /** Called by the tar stream's counter on every read. */
    private void read() throws IOException {
        if (headerStart >= 0 && plain.count - headerStart > ImageLimits.MAX_HEADER_BYTES) {
            long n = plain.count - headerStart;
            headerStart = -1;
            throw new Refused("rootfs archive " + archive + layerPart() + " has more than "
                    + ImageLimits.MAX_HEADER_BYTES + " bytes of tar headers (a long name or PAX header) before one"
                    + " entry (" + n + " read so far); real archives have a few KiB");
        }
        checkRatio();
    }

    /** Counts one tar entry and checks the shape of its name (already made relative) and link target. */
    void entry(String shown, String rel, String linkName) throws IOException {
        if (++entries > limits.maxEntries()) {
            throw refuse("has more than " + limits.maxEntries() + " entries", "maxEntries");
        }
        List<String> parts = TargetPath.components("/" + rel);
        if (parts.size() > limits.maxDepth()) {
            throw refuse("has entry " + cut(shown) + " " + parts.size() + " components deep; at most "
                    + limits.maxDepth(), "maxDepth");
        }
        int pathBytes = utf8(rel);
        if (pathBytes > limits.maxPathBytes()) {
            throw refuse("has an entry name of " + pathBytes + " bytes (" + cut(shown) + "); at most "
                    + limits.maxPathBytes(), "maxPathBytes");
        }
        for (String c : parts) {
            if (utf8(c) > ImageLimits.NAME_MAX) {
                throw new Refused("rootfs archive " + archive + layerPart() + " has entry " + cut(shown)
                        + " with a component of " + utf8(c) + " bytes; Linux allows at most " + ImageLimits.NAME_MAX);
            }
        }
        if (linkName != null && !linkName.isEmpty() && utf8(linkName) > limits.maxPathBytes()) {
            throw refuse("has a link " + cut(shown) + " whose target has " + utf8(linkName) + " bytes; at most "
                    + limits.maxPathBytes(), "maxPathBytes");
        }
        checkRatio();
    }

    /** Copies one file's content, counting every byte against the limits as it goes. */
    void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        int n;
        while ((n = in.read(buf)) > 0) {
            bytes += n;
            layerWritten += n;
            if (bytes > limits.maxBytes()) {
                throw refuse("unpacks to more than " + limits.maxBytes() + " bytes", "maxBytes");
            }
            checkRatio();
            out.write(buf, 0, n);
        }
    }

    /** Tar headers of empty entries and a sparse file's holes cost nothing compressed: both count. */
    private void checkRatio() throws IOException {
        if (compressed == null) {
            return;
        }
        long out = Math.max(plain.count, layerWritten);
        if (out > ImageLimits.RATIO_GRACE_BYTES && out / limits.maxRatio() > compressed.count) {
            throw refuse("expands " + compressed.count + " compressed bytes to more than " + out
                    + " (over " + limits.maxRatio() + " to 1; a compression bomb?)", "maxRatio");
        }
    }

    private Refused refuse(String what, String limit) {
        return new Refused("rootfs archive " + archive + layerPart() + " " + what + "; if the archive is"
                + " genuine, raise ImageLimits." + limit + " (rootfsFromTar(path, ImageLimits.defaults().with"
                + Character.toUpperCase(limit.charAt(0)) + limit.substring(1) + "(...)))");
    }

    private String layerPart() {
        return layer == null || layer.equals(archive) ? "" : " (layer " + layer + ")";
    }

    private static String cut(String name) {
        String s = name.length() > 120 ? name.substring(0, 120) + "..." : name;
        return "'" + s.replace("\n", "\\n").replace("\0", "\\0") + "'";
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** An archive beyond a limit; the message names the archive, the value and the limit. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        long count;
        /** Told of every read of the tar stream, so limits hold inside commons-compress's own reads too. */
        private UnpackBudget budget;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                tell();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                tell();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += Math.max(0, s);
            tell();
            return s;
        }

        private void tell() throws IOException {
            if (budget != null) {
                budget.read();
            }
        }
    }
}
