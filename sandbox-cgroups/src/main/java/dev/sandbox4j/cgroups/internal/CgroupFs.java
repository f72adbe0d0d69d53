package dev.sandbox4j.cgroups.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The few file operations cgroup management needs, so the logic can run against a fake tree in tests.
 * Implementations never create a file on {@link #write}: on cgroupfs a missing file means a missing
 * controller, which must be reported, not papered over.
 */
public interface CgroupFs {

    /** The file's content, trailing newline removed. */
    String read(Path file) throws IOException;

    /** Writes {@code value} in one write(2), as cgroupfs expects one command per write. */
    void write(Path file, String value) throws IOException;

    /** Creates one directory; fails if it exists. */
    void mkdir(Path dir) throws IOException;

    /** Removes one (cgroup) directory. */
    void rmdir(Path dir) throws IOException;

    boolean exists(Path path);

    /** The uid owning {@code path}. */
    int owner(Path path) throws IOException;

    /** The real cgroupfs. */
    CgroupFs REAL = new RealCgroupFs();
}
