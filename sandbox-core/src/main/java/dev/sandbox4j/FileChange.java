package dev.sandbox4j;

/**
 * One entry of the diff of an overlay root's writable layer, like a line of
 * {@code docker diff}; see {@link SandboxResult#changes()}.
 *
 * <pre>{@code
 * for (FileChange c : result.changes()) {
 *     System.out.println(c);   // "A /etc/added", "D /etc/motd", ...
 * }
 * }</pre>
 *
 * @param kind what happened to the path
 * @param path the absolute path inside the sandbox
 */
public record FileChange(Kind kind, String path) implements Comparable<FileChange> {

    /** What happened to a path. */
    public enum Kind {
        /** The path did not exist in the lower layers. */
        ADDED,
        /** The path existed and its content or metadata changed. */
        MODIFIED,
        /** The path existed and was deleted (a whiteout in the layer). */
        DELETED
    }

    /** Orders by path, then kind. */
    @Override
    public int compareTo(FileChange o) {
        int c = path.compareTo(o.path);
        return c != 0 ? c : kind.compareTo(o.kind);
    }

    /** {@code A /path}, {@code M /path} or {@code D /path}. */
    @Override
    public String toString() {
        return kind.name().charAt(0) + " " + path;
    }
}
