package dev.sandbox4j.fs;

/** One entry of a writable layer's diff, like a line of {@code docker diff}. */
public record Change(Kind kind, String path) implements Comparable<Change> {
    public enum Kind { ADDED, MODIFIED, DELETED }

    @Override
    public int compareTo(Change o) {
        int c = path.compareTo(o.path);
        return c != 0 ? c : kind.compareTo(o.kind);
    }

    @Override
    public String toString() {
        return kind.name().charAt(0) + " " + path;
    }
}
