package dev.sandbox4j.fs;

import java.nio.file.Path;
import java.util.List;

/** The root as the shim builds it, with every host directory resolved to its real path (symlinks followed). */
public sealed interface PreparedRoot {

    /**
     * A recursive bind of {@code dir}. {@code readOnlyNow}: every mount of
     * the clone is read-only before anything is mounted on it (the host
     * root); {@code readOnlyAtEnd}: the root mount alone is made read-only
     * just before the pivot, so mount points can still be created and the
     * mounts on it keep their own modes.
     */
    record Bind(Path dir, boolean readOnlyNow, boolean readOnlyAtEnd) implements PreparedRoot {}

    /**
     * An empty tmpfs as the root ({@link RootSource.MinimalHost}): the
     * steps' mount points are created in it, then it is made read-only just
     * before the pivot, so the program cannot add top-level entries.
     */
    record Tmpfs(long sizeBytes, long inodes) implements PreparedRoot {}

    /** An overlay root; {@code work} is an empty directory beside {@code upper}. */
    record Overlay(List<Path> lowers, Path upper, Path work) implements PreparedRoot {
        public Overlay {
            lowers = List.copyOf(lowers);
        }
    }
}
