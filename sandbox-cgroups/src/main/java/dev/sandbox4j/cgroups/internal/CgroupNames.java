package dev.sandbox4j.cgroups.internal;

import java.util.regex.Pattern;

/** Checks a sandbox cgroup name is one safe path component. */
public final class CgroupNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

    private CgroupNames() {
    }

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("invalid cgroup name '" + name + "': expected 1 to 200 of A-Z a-z 0-9 _ . -"
                    + " not starting with . or - and without '..', e.g. run-42");
        }
        return name;
    }
}
