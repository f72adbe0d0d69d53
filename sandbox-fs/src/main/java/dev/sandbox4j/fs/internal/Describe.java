package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountStep;

/** Short names of steps for error messages ("tmpfs at /tmp was already set"). */
final class Describe {
    private Describe() {}

    static String step(MountStep s) {
        return switch (s) {
            case MountStep.Bind b -> (b.readOnly() ? "read-only bind of " : "bind of ") + b.source();
            case MountStep.Tmpfs t -> "tmpfs";
            case MountStep.Proc p -> "proc";
            case MountStep.Sysfs y -> "sysfs";
            case MountStep.Devpts d -> "devpts";
            case MountStep.Mqueue m -> "mqueue";
            case MountStep.Overlay o -> "overlay";
            case MountStep.Symlink l -> "symlink";
            case MountStep.Dir d -> "dir";
            case MountStep.File f -> "file";
            case MountStep.RemountReadOnly r -> "remountReadOnly";
            case MountStep.Mask m -> "mask";
            case MountStep.ReadOnlyPath r -> "readOnlyPath";
        };
    }
}
