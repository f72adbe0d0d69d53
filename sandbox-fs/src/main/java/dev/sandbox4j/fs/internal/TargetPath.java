package dev.sandbox4j.fs.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates paths inside the new root. Only the normal form is accepted
 * (absolute, no empty, "." or ".." components, no trailing slash), so two
 * spellings of one place can never escape the conflict check.
 */
public final class TargetPath {
    static final int MAX_LENGTH = 4095;

    private TargetPath() {}

    /** Returns {@code target} unchanged or throws naming it and what is accepted. */
    public static String check(String what, String target) {
        if (target == null) {
            throw new IllegalArgumentException(what + ": target is null; use an absolute path such as /tmp");
        }
        String shown = target.replace("\0", "\\0").replace("\n", "\\n");
        if (target.indexOf('\0') >= 0 || target.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " target '" + shown + "' contains NUL or newline");
        }
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException(what + " target '" + shown
                    + "' is relative; use an absolute path inside the sandbox such as /" + target);
        }
        if (target.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " target of " + target.length()
                    + " characters; at most " + MAX_LENGTH);
        }
        for (String c : components(target)) {
            if (c.equals("..") || c.equals(".")) {
                throw new IllegalArgumentException(what + " target '" + shown + "' contains a '" + c
                        + "' component; write the path without . and ..");
            }
        }
        String normal = normalForm(target);
        if (!normal.equals(target)) {
            throw new IllegalArgumentException(what + " target '" + shown + "' is not normalised; write "
                    + normal);
        }
        return target;
    }

    /** Like {@link #check} but also refuses the root itself. */
    public static String checkNotRoot(String what, String target) {
        check(what, target);
        if (target.equals("/")) {
            throw new IllegalArgumentException(what + " target '/' is the root; choose the root with root(...)");
        }
        return target;
    }

    static String normalForm(String target) {
        return "/" + String.join("/", components(target));
    }

    /** Non-empty components of an absolute path. */
    public static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    public static int depth(String path) {
        return components(path).size();
    }

    /** True when {@code child} lies strictly below {@code parent}. */
    public static boolean isBelow(String child, String parent) {
        String p = parent.equals("/") ? "/" : parent + "/";
        return !child.equals(parent) && child.startsWith(p);
    }
}
