package dev.sandbox4j.internal.ids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A rootless caller's subordinate ids ({@code /etc/subuid}, {@code /etc/subgid}) and the setuid helpers
 * that may map them ({@code newuidmap}, {@code newgidmap}, Debian's {@code uidmap} package). With both,
 * a rootless sandbox maps the caller to root inside and {@code 1..count} to the subordinate range.
 *
 * @param uidStart  first subordinate uid
 * @param gidStart  first subordinate gid
 * @param count     how many are mapped (inside 1..count), at most 65535
 * @param newuidmap path of the helper
 * @param newgidmap likewise
 */
public record SubIds(long uidStart, long gidStart, long count, String newuidmap, String newgidmap) {
    static final List<String> HELPER_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");
    private static final long MAX = 65535; // with the caller at 0: the 65536 ids of a container

    /** What was found, or why a rootless sandbox gets only the caller's own id. */
    public sealed interface Lookup permits Found, Missing {}

    public record Found(SubIds ids) implements Lookup {}

    public record Missing(String why) implements Lookup {}

    /** {@code false}: rootless sandboxes map only the caller's id even when subordinate ids are there. */
    public static final String PROPERTY = "sandbox4j.subordinateIds";

    public static Lookup find(int uid, String user) {
        if ("false".equals(System.getProperty(PROPERTY))) {
            return new Missing("subordinate ids are turned off (-D" + PROPERTY + "=false)");
        }
        return find(uid, user, Path.of("/etc/subuid"), Path.of("/etc/subgid"), HELPER_DIRS);
    }

    /** For {@code Sandbox.probe()}: what a rootless sandbox of this caller maps, and what follows. */
    public static String describe(boolean root, int uid, String user) {
        if (root) {
            return "as root: each sandbox its own range of host ids (" + IdPolicy.DEFAULT_PER_SANDBOX + " from "
                    + IdPolicy.DEFAULT_FIRST + " by default), created as those ids: the kernel charges them, "
                    + "not root, and caps their processes";
        }
        String shared = "; the sandbox is the caller: it shares the caller's per-user counters (processes, "
                + "inotify instances, mqueue bytes) with the caller's own processes";
        return switch (find(uid, user)) {
            case Found f -> "caller's uid " + uid + " at root inside, subordinate ids " + f.ids().uidStart()
                    + " (gids " + f.ids().gidStart() + ") at 1.." + f.ids().count() + " (newuidmap)" + shared;
            case Missing m -> "only the caller's uid " + uid + " is mapped (chown, setgroups, su fail inside): "
                    + m.why() + shared;
        };
    }

    static Lookup find(int uid, String user, Path subuid, Path subgid, List<String> dirs) {
        String uidHelper = helper("newuidmap", dirs), gidHelper = helper("newgidmap", dirs);
        long[] u = entry(subuid, uid, user), g = entry(subgid, uid, user);
        String fix = "install newuidmap/newgidmap (Debian: apt-get install uidmap) and give the user a range "
                + "(usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + user + ")";
        if (uidHelper == null || gidHelper == null) {
            return new Missing("newuidmap/newgidmap not found in " + dirs + ": " + fix);
        }
        if (u == null || g == null) {
            return new Missing("no entry for " + user + " (uid " + uid + ") in " + (u == null ? subuid : subgid)
                    + ": " + fix);
        }
        return new Found(new SubIds(u[0], g[0], Math.min(MAX, Math.min(u[1], g[1])), uidHelper, gidHelper));
    }

    private static String helper(String name, List<String> dirs) {
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** The first {@code name-or-uid:start:count} line for the user; null when there is none. */
    private static long[] entry(Path file, int uid, String user) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return null;
        }
        for (String line : lines) {
            String[] f = line.trim().split(":");
            if (f.length == 3 && (f[0].equals(user) || f[0].equals(Integer.toUnsignedString(uid)))) {
                try {
                    long start = Long.parseLong(f[1]), count = Long.parseLong(f[2]);
                    if (start > 0 && count > 0) {
                        return new long[] {start, count};
                    }
                } catch (NumberFormatException e) {
                    // not an entry newuidmap accepts either
                }
            }
        }
        return null;
    }
}
