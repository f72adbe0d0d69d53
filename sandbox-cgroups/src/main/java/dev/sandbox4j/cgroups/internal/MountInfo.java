package dev.sandbox4j.cgroups.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses {@code /proc/self/mountinfo} (proc(5)) and keeps the cgroup and cgroup2 mounts. */
public final class MountInfo {

    /**
     * One cgroup mount.
     *
     * @param root the cgroup path mounted (field 4), "/" unless bind-mounted or in a cgroup namespace
     * @param mountPoint where it is mounted (field 5), unescaped
     * @param v2 true for cgroup2
     * @param superOptions the super options, for v1 the controllers and {@code name=...}
     */
    public record CgroupMount(String root, String mountPoint, boolean v2, List<String> superOptions) {
    }

    private MountInfo() {
    }

    public static List<CgroupMount> cgroupMounts(String mountinfo) {
        List<CgroupMount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (dash < 6 || f.length < dash + 4) {
                continue;
            }
            String fsType = f[dash + 1];
            if (fsType.equals("cgroup") || fsType.equals("cgroup2")) {
                out.add(new CgroupMount(unescape(f[3]), unescape(f[4]), fsType.equals("cgroup2"),
                        List.of(f[dash + 3].split(","))));
            }
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
