package dev.sandbox4j.cgroups.internal;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code /proc/self/cgroup}: "hierarchy-id:controllers:path" per line (v2 is "0::path"). */
public final class ProcCgroup {

    /** One line; {@code controllers} is empty for the v2 line. */
    public record Entry(int hierarchyId, List<String> controllers, String path) {
        public boolean isV2() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    private ProcCgroup() {
    }

    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            String ctrls = line.substring(a + 1, b);
            out.add(new Entry(Integer.parseInt(line.substring(0, a)),
                    ctrls.isEmpty() ? List.of() : List.of(ctrls.split(",")), line.substring(b + 1)));
        }
        return out;
    }
}
