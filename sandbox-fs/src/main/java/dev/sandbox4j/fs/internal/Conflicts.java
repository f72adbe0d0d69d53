package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses two steps that claim one target in different ways, and steps
 * below a symlink, file or mask (they would land somewhere unexpected).
 */
public final class Conflicts {
    private Conflicts() {}

    public static void check(List<MountStep> steps) {
        Map<String, MountStep> content = new HashMap<>();
        Map<String, MountStep> attribute = new HashMap<>();
        for (MountStep s : steps) {
            Map<String, MountStep> slot = isAttribute(s) ? attribute : content;
            MountStep earlier = slot.putIfAbsent(s.target(), s);
            if (earlier != null && !earlier.equals(s)) {
                throw new IllegalArgumentException(Describe.step(s) + " at " + s.target()
                        + " conflicts: " + Describe.step(earlier) + " at " + s.target() + " was already set");
            }
        }
        for (MountStep s : steps) {
            for (MountStep leaf : content.values()) {
                if (isLeaf(leaf) && TargetPath.isBelow(s.target(), leaf.target())) {
                    throw new IllegalArgumentException(Describe.step(s) + " at " + s.target() + " lies below "
                            + Describe.step(leaf) + " at " + leaf.target() + "; nothing can be placed there");
                }
            }
        }
    }

    static boolean isAttribute(MountStep s) {
        return s instanceof MountStep.RemountReadOnly || s instanceof MountStep.ReadOnlyPath;
    }

    static boolean isLeaf(MountStep s) {
        return s instanceof MountStep.Symlink || s instanceof MountStep.File || s instanceof MountStep.Mask;
    }
}
