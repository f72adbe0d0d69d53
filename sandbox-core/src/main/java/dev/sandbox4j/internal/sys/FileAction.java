package dev.sandbox4j.internal.sys;

/** One posix_spawn file action, applied in the child before exec. */
public sealed interface FileAction {
    record Dup2(int from, int to) implements FileAction {}

    record Close(int fd) implements FileAction {}

    /** Closes every fd from {@code from} up (glibc 2.34+). */
    record CloseFrom(int from) implements FileAction {}
}
