package dev.sandbox4j;

/**
 * One entry of the diff of an overlay root's writable layer, like a line of
 * {@code docker diff}; see {@link SandboxResult#changes()}. {@link #path()} is
 * the name exactly as the program made it; {@link #toString()} is the line to
 * print, with the path escaped so that a program cannot forge lines through
 * its file names ({@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code \xHH}
 * for other control characters, <code>&#92;uXXXX</code> for C1 controls, line
 * separators and format characters).
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

    /** {@code A /path}, {@code M /path} or {@code D /path}, the path escaped (see above). */
    @Override
    public String toString() {
        return new dev.sandbox4j.fs.Change(dev.sandbox4j.fs.Change.Kind.valueOf(kind.name()), path).toString();
    }
}
