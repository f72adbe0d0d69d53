package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders steps so each finds what it needs: mounts and created entries
 * parents-first (a bind at /a/b after a tmpfs at /a; ties keep the caller's
 * order), then read-only remounts (they must see every submount), then the
 * masks and read-only paths, which need /proc mounted and must come after
 * anything that could cover them.
 */
public final class StepOrder {
    private StepOrder() {}

    public static List<MountStep> order(List<MountStep> steps) {
        Comparator<MountStep> byPhaseThenDepth = Comparator.comparingInt(StepOrder::phase)
                .thenComparingInt(s -> TargetPath.depth(s.target()));
        List<MountStep> out = new ArrayList<>(steps);
        out.sort(byPhaseThenDepth); // List.sort is stable
        return List.copyOf(out);
    }

    static int phase(MountStep s) {
        return switch (s) {
            case MountStep.RemountReadOnly r -> 1;
            case MountStep.Mask m -> 2;
            case MountStep.ReadOnlyPath r -> 2;
            default -> 0;
        };
    }
}
