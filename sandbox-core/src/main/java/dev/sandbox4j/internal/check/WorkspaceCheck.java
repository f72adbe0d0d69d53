package dev.sandbox4j.internal.check;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Refuses a workspace that is not an existing directory reached without a symlink: the library
 * clones the directory's mount as root, and must clone the directory the caller named, not
 * whatever a link points to at start.
 */
public final class WorkspaceCheck {
    private WorkspaceCheck() {}

    public static Path check(Path hostDir, String target) {
        if (hostDir == null || target == null) {
            throw new NullPointerException(hostDir == null ? "hostDir" : "target");
        }
        if (!hostDir.isAbsolute()) {
            throw new IllegalArgumentException("workspace " + hostDir + " must be an absolute path");
        }
        if (Files.isSymbolicLink(hostDir)) {
            throw new IllegalArgumentException("workspace " + hostDir + " is a symlink: name the directory itself");
        }
        if (!Files.isDirectory(hostDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("workspace " + hostDir + (Files.exists(hostDir, LinkOption.NOFOLLOW_LINKS)
                    ? " is not a directory" : " does not exist") + ": a workspace is an existing host directory");
        }
        Path parent = hostDir.getParent();
        try {
            if (parent != null && !parent.toRealPath().equals(parent)) {
                throw new IllegalArgumentException("workspace " + hostDir + " lies below a symlink (" + parent + " is "
                        + parent.toRealPath() + "): name the real path");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("workspace " + hostDir + ": " + e.getMessage(), e);
        }
        if (!target.startsWith("/") || target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("workspace target '" + target + "' must be an absolute path without NUL");
        }
        return hostDir;
    }
}
