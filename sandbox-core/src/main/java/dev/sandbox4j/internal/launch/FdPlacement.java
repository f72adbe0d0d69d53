package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.sys.FileAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places parent fds on fixed child fd numbers with posix_spawn file actions.
 * A source may already sit on some target's number (the JVM hands out low
 * numbers), so every source at or below the highest target is first moved
 * above every source and target, then each is dup2'd into place, and
 * everything else is closed.
 */
final class FdPlacement {
    private FdPlacement() {}

    /** @param targets child fd number to parent fd */
    static List<FileAction> actions(Map<Integer, Integer> targets) {
        TreeMap<Integer, Integer> sorted = new TreeMap<>(targets);
        int maxTarget = sorted.isEmpty() ? 2 : Math.max(2, sorted.lastKey());
        int scratch = Math.max(maxTarget, sorted.values().stream().mapToInt(Integer::intValue).max().orElse(0)) + 1;
        List<FileAction> out = new ArrayList<>();
        TreeMap<Integer, Integer> from = new TreeMap<>();
        for (var e : sorted.entrySet()) {
            int source = e.getValue();
            if (source <= maxTarget) {
                out.add(new FileAction.Dup2(source, scratch));
                source = scratch++;
            }
            from.put(e.getKey(), source);
        }
        from.forEach((target, source) -> out.add(new FileAction.Dup2(source, target)));
        out.add(new FileAction.CloseFrom(maxTarget + 1));
        return out;
    }
}
