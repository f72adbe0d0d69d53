package dev.sandbox4j.internal.check;

import java.nio.file.Path;

/**
 * Refuses a {@code cgroupParent} that could name a cgroup other than the one
 * it spells: relative, or with a "." or ".." component (the path is joined to
 * each hierarchy's mount, so ".." would climb out of it), or with control
 * characters, which no cgroup name needs and which would garble messages.
 */
public final class CgroupParentCheck {
    private CgroupParentCheck() {}

    public static Path check(Path parent) {
        String shown = parent.toString();
        String accepted = "; use an absolute cgroup path like /sandbox4j/judge, or a directory under a cgroup"
                + " mount like /sys/fs/cgroup/sandbox4j/judge, without . or .. components";
        if (shown.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("cgroupParent '" + Names.escape(shown)
                    + "' contains control characters" + accepted);
        }
        if (!parent.isAbsolute()) {
            throw new IllegalArgumentException("cgroupParent '" + shown + "' is relative" + accepted);
        }
        for (Path name : parent) {
            if (name.toString().equals("..") || name.toString().equals(".")) {
                throw new IllegalArgumentException("cgroupParent '" + shown + "' contains a '" + name
                        + "' component, which could leave the cgroup it names" + accepted);
            }
        }
        return parent;
    }
}
