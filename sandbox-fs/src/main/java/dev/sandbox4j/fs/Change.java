package dev.sandbox4j.fs;

import dev.sandbox4j.fs.internal.DisplayName;

/**
 * One entry of a writable layer's diff, like a line of {@code docker diff}.
 * {@link #path()} is the name exactly as the program made it; {@link #toString()}
 * is the line to print, {@code "A /tmp/x"}, with the path escaped so that a
 * program cannot forge lines through its file names: {@code \\} for a
 * backslash, {@code \n}, {@code \t}, {@code \r}, {@code \xHH} for other
 * control characters and DEL, <code>&#92;uXXXX</code> for C1 controls, the Unicode
 * line separators and format characters (bidirectional overrides).
 *
 * <pre>{@code
 * result.changes().forEach(System.err::println);   // A /out/result.txt
 * }</pre>
 */
public record Change(Kind kind, String path) implements Comparable<Change> {
    public enum Kind { ADDED, MODIFIED, DELETED }

    @Override
    public int compareTo(Change o) {
        int c = path.compareTo(o.path);
        return c != 0 ? c : kind.compareTo(o.kind);
    }

    @Override
    public String toString() {
        return kind.name().charAt(0) + " " + DisplayName.escape(path);
    }
}
