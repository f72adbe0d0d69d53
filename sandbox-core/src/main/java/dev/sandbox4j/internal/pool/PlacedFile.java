package dev.sandbox4j.internal.pool;

/**
 * A file one pooled run finds in a writable mount, owned by the program's
 * ids; the next reset removes it with everything else the run left there.
 *
 * @param path    absolute, inside one of the definition's writable tmpfs mounts
 * @param content the bytes
 * @param mode    permission bits
 */
public record PlacedFile(String path, byte[] content, int mode) {
    /** Copies the content. */
    public PlacedFile {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
