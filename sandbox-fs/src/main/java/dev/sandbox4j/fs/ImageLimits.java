package dev.sandbox4j.fs;

/**
 * Bounds on what unpacking a rootfs archive (a {@code docker export} tar, a
 * {@code docker save} archive or an OCI layout) may cost, so a hostile archive
 * (a gzip bomb, a million empty files, a tree 2 000 directories deep) is
 * refused quickly with a message naming the limit, and leaves nothing in the
 * cache. The defaults fit real images (a full JDK or TeX image is far below
 * each) and are documented on {@link #defaults()}.
 *
 * <pre>{@code
 * Sandbox.builder()
 *         .rootfsFromTar(Path.of("big-image.tar"),
 *                 ImageLimits.defaults().withMaxBytes(32L << 30).withMaxEntries(5_000_000))
 *         .command("/bin/sh", "-c", "ls /")
 *         .start();
 * }</pre>
 *
 * @param maxBytes     most bytes written to disk by the whole unpack: file contents of the
 *                     archive and of every layer, counted as their size in the tar
 * @param maxEntries   most tar entries, over the archive and every layer together
 * @param maxDepth     most components in one entry's path ({@code a/b/c} has 3)
 * @param maxPathBytes most bytes in one entry's path and in a link's target (UTF-8)
 * @param maxRatio     most unpacked bytes per compressed byte of one archive or layer,
 *                     once it has produced more than {@link #RATIO_GRACE_BYTES}: what
 *                     stops a compression bomb long before {@code maxBytes} is written
 */
public record ImageLimits(long maxBytes, long maxEntries, int maxDepth, int maxPathBytes, int maxRatio) {
    /** Unpacked bytes of one archive or layer that never count against {@link #maxRatio}. */
    public static final long RATIO_GRACE_BYTES = 64L << 20;
    /** The kernel's NAME_MAX: a longer path component could not be created anyway. */
    public static final int NAME_MAX = 255;
    /** The kernel's PATH_MAX less room for the cache directory the tree is unpacked under. */
    public static final int MAX_PATH_BYTES = 3072;
    /** Most bytes of tar headers (GNU long names, PAX records) before one entry: they are held in memory. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
        /** The manifest and index files of an image are small; a larger one is refused unread. */
    public static final int MAX_MANIFEST_BYTES = 4 << 20;

    public ImageLimits {
        positive("maxBytes", maxBytes);
        positive("maxEntries", maxEntries);
        positive("maxDepth", maxDepth);
        positive("maxRatio", maxRatio);
        if (maxPathBytes <= 0 || maxPathBytes > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("ImageLimits maxPathBytes " + maxPathBytes + " is out of range: use 1.."
                    + MAX_PATH_BYTES + " (the tree must stay removable under the kernel's PATH_MAX)");
        }
    }

    /**
     * 16 GiB written, 2 000 000 entries, 128 components deep, 2 048-byte paths,
     * and at most 200 unpacked bytes per compressed byte (gzip of real files
     * gives 2 to 10; of zeros about 1 000).
     */
    public static ImageLimits defaults() {
        return new ImageLimits(16L << 30, 2_000_000, 128, 2048, 200);
    }

    /** These limits with {@link #maxBytes()} replaced. */
    public ImageLimits withMaxBytes(long bytes) {
        return new ImageLimits(bytes, maxEntries, maxDepth, maxPathBytes, maxRatio);
    }

    /** These limits with {@link #maxEntries()} replaced. */
    public ImageLimits withMaxEntries(long entries) {
        return new ImageLimits(maxBytes, entries, maxDepth, maxPathBytes, maxRatio);
    }

    /** These limits with {@link #maxDepth()} replaced. */
    public ImageLimits withMaxDepth(int depth) {
        return new ImageLimits(maxBytes, maxEntries, depth, maxPathBytes, maxRatio);
    }

    /** These limits with {@link #maxPathBytes()} replaced (at most {@link #MAX_PATH_BYTES}). */
    public ImageLimits withMaxPathBytes(int bytes) {
        return new ImageLimits(maxBytes, maxEntries, maxDepth, bytes, maxRatio);
    }

    /** These limits with {@link #maxRatio()} replaced. */
    public ImageLimits withMaxRatio(int ratio) {
        return new ImageLimits(maxBytes, maxEntries, maxDepth, maxPathBytes, ratio);
    }

    private static void positive(String what, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException("ImageLimits " + what + " " + v + " must be positive");
        }
    }
}
