package dev.sandbox4j;

import dev.sandbox4j.fs.ImageLimits;
import java.nio.file.Path;

/**
 * Bounds on what unpacking a tar or OCI root ({@link SandboxBuilder#rootfsFromTar(Path, UnpackLimits)})
 * may cost, so a hostile archive (a gzip bomb, a million empty files, a tree 2 000
 * directories deep) is refused quickly with a message naming the limit, and leaves
 * nothing in the cache. The defaults fit real images and are given on {@link #defaults()}.
 *
 * <pre>{@code
 * Sandbox.builder()
 *         .rootfsFromTar(Path.of("big-image.tar"),
 *                 UnpackLimits.defaults().withMaxBytes(32L << 30).withMaxEntries(5_000_000))
 *         .command("/bin/sh", "-c", "ls /")
 *         .start();
 * }</pre>
 *
 * @param maxBytes     most bytes written to disk by the whole unpack (file contents of the
 *                     archive and every layer, as sized in the tar)
 * @param maxEntries   most tar entries, over the archive and every layer together
 * @param maxDepth     most components in one entry's path ({@code a/b/c} has 3)
 * @param maxPathBytes most bytes in one entry's path and in a link's target (UTF-8), at most 3072
 * @param maxRatio     most unpacked bytes per compressed byte of one archive or layer, past its
 *                     first 64 MiB: what stops a compression bomb long before {@code maxBytes}
 */
public record UnpackLimits(long maxBytes, long maxEntries, int maxDepth, int maxPathBytes, int maxRatio) {

    /** Checks each bound, naming the one out of range. */
    public UnpackLimits {
        try {
            new ImageLimits(maxBytes, maxEntries, maxDepth, maxPathBytes, maxRatio);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("ImageLimits ", "UnpackLimits "), e);
        }
    }

    /**
     * 16 GiB written, 2 000 000 entries, 128 components deep, 2 048-byte paths, and at most
     * 200 unpacked bytes per compressed byte (gzip of real files gives 2 to 10; of zeros about 1 000).
     *
     * @return the default limits
     */
    public static UnpackLimits defaults() {
        ImageLimits d = ImageLimits.defaults();
        return new UnpackLimits(d.maxBytes(), d.maxEntries(), d.maxDepth(), d.maxPathBytes(), d.maxRatio());
    }

    /**
     * These limits with {@link #maxBytes()} replaced.
     *
     * @param bytes the new bound, positive
     * @return new limits
     */
    public UnpackLimits withMaxBytes(long bytes) {
        return new UnpackLimits(bytes, maxEntries, maxDepth, maxPathBytes, maxRatio);
    }

    /**
     * These limits with {@link #maxEntries()} replaced.
     *
     * @param entries the new bound, positive
     * @return new limits
     */
    public UnpackLimits withMaxEntries(long entries) {
        return new UnpackLimits(maxBytes, entries, maxDepth, maxPathBytes, maxRatio);
    }

    /**
     * These limits with {@link #maxDepth()} replaced.
     *
     * @param depth the new bound, positive
     * @return new limits
     */
    public UnpackLimits withMaxDepth(int depth) {
        return new UnpackLimits(maxBytes, maxEntries, depth, maxPathBytes, maxRatio);
    }

    /**
     * These limits with {@link #maxPathBytes()} replaced.
     *
     * @param bytes the new bound, 1 to 3072
     * @return new limits
     */
    public UnpackLimits withMaxPathBytes(int bytes) {
        return new UnpackLimits(maxBytes, maxEntries, maxDepth, bytes, maxRatio);
    }

    /**
     * These limits with {@link #maxRatio()} replaced.
     *
     * @param ratio the new bound, positive
     * @return new limits
     */
    public UnpackLimits withMaxRatio(int ratio) {
        return new UnpackLimits(maxBytes, maxEntries, maxDepth, maxPathBytes, ratio);
    }

    ImageLimits toImageLimits() {
        return new ImageLimits(maxBytes, maxEntries, maxDepth, maxPathBytes, maxRatio);
    }
}
