package dev.sandbox4j.internal.plan;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.units.MemorySize;

/**
 * Names a plan op's origin in the builder's terms ("tmpfs at /tmp (64 MiB)"),
 * only when a start failed: the encoder records the step or root itself,
 * which costs nothing at launch.
 */
final class SettingNames {
    private SettingNames() {}

    static String describe(Object setting) {
        return switch (setting) {
            case MountStep.Bind b -> (b.readOnly() ? "bindReadOnly " : "bind ") + b.source() + " at " + b.target();
            case MountStep.Tmpfs t -> "tmpfs at " + t.target() + " (" + size(t.sizeBytes()) + ")";
            case MountStep.Sysfs s -> "sysfs at " + s.target();
            case MountStep.Proc p -> "proc at " + p.target();
            case MountStep.Devpts d -> "devpts at " + d.target();
            case MountStep.Mqueue q -> "mqueue at " + q.target();
            case MountStep.Overlay o -> "overlay at " + o.target() + " (lower " + o.lowers() + ", upper " + o.upper()
                    + ")";
            case MountStep.Symlink l -> "symlink " + l.target() + " -> " + l.linkTarget();
            case MountStep.Dir d -> "dir " + d.target() + " (mode " + Integer.toOctalString(d.mode()) + ")";
            case MountStep.File f -> "file " + f.target() + " (" + f.content().length + " bytes)";
            case MountStep.RemountReadOnly r -> "remountReadOnly " + r.target();
            case MountStep.Mask m -> "maskPath " + m.target();
            case MountStep.ReadOnlyPath r -> "readOnlyPath " + r.target();
            case PreparedRoot.Bind b -> "root filesystem " + b.dir() + (b.readOnlyNow() ? " (read-only)" : "");
            case PreparedRoot.Tmpfs t -> "minimal root filesystem (tmpfs, " + size(t.sizeBytes()) + ")";
            case PreparedRoot.Overlay o -> "overlay root filesystem (lower " + o.lowers() + ", upper " + o.upper()
                    + ")";
            default -> setting.toString();
        };
    }

    private static String size(long bytes) {
        return MemorySize.ofBytes(bytes).toString();
    }
}
