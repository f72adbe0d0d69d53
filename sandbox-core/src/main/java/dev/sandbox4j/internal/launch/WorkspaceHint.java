package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
/** The hint for a path the sandbox's uid could not reach (EACCES): which uid tried, and the remedy. */
final class WorkspaceHint {
    private WorkspaceHint() {}

    static String of(StatusRecord.Failed f, LaunchSpec spec, dev.sandbox4j.HostIds ids) {
        String host = ids == null || spec.uid() >= ids.count() ? "" : ", host uid " + (ids.uid() + spec.uid());
        String who = "uid " + spec.uid() + " inside (" + (spec.rootless() ? "the caller" + host
                : "an unprivileged id" + host) + ")";
        return who + " cannot reach " + f.detail() + ": give that uid access to the path (o+x on every directory "
                + "above it, o+r to read), or bind a directory of yours with workspace(dir, target), which root "
                + "inside reads and writes whatever its owner and mode";
    }
}
