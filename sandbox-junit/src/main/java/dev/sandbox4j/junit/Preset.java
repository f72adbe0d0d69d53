package dev.sandbox4j.junit;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Turns {@link Settings} into a builder, with the scope's workspace and temporary root. */
final class Preset {
    private Preset() {}

    private static final String DEFAULT_TMPFS_SIZE = "16M";

    static SandboxBuilder builder(Settings s, SandboxScope scope) throws IOException {
        SandboxBuilder b = Sandbox.builder();
        if (!s.command().isEmpty()) {
            b.command(s.command());
        }
        if (!s.memory().isEmpty()) {
            b.memory(s.memory());
        }
        if (!s.timeout().isEmpty()) {
            b.timeout(Durations.parse("@SandboxConfig timeout", s.timeout()));
        }
        Set<Namespace> shared = s.shared();
        if (!shared.isEmpty()) {
            b.share(shared.toArray(Namespace[]::new));
        }
        if (s.rootfs().isPresent()) {
            TempRoot root = scope.rootfs(s.rootfs().get());
            if (root.archive()) {
                b.rootfsFromTar(root.path());
            } else {
                b.rootfs(root.path());
            }
        }
        for (String bind : s.readOnlyBinds()) {
            String[] parts = split("@SandboxConfig readOnlyBinds", bind);
            b.bindReadOnly(Path.of(parts[0]).toAbsolutePath(), parts[1] != null ? parts[1] : absolute(bind, parts[0]));
        }
        for (String t : s.tmpfs()) {
            String[] parts = split("@SandboxConfig tmpfs", t);
            b.tmpfs(parts[0], parts[1] != null ? parts[1] : DEFAULT_TMPFS_SIZE);
        }
        if (!s.workspace().isEmpty()) {
            b.bind(scope.workspace(), s.workspace());
        }
        return b;
    }

    /** {@code "A:B"} into A and B, {@code "A"} into A and null. */
    private static String[] split(String what, String value) {
        int colon = value.lastIndexOf(':');
        if (value.isEmpty() || colon == 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(what + " '" + value + "' is not valid: use \"PATH\" or \"PATH:VALUE\"");
        }
        return colon < 0 ? new String[] {value, null}
                : new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }

    private static String absolute(String bind, String host) {
        if (!host.startsWith("/")) {
            throw new IllegalArgumentException("@SandboxConfig readOnlyBinds '" + bind + "' has a relative host path: "
                    + "name the path inside too (\"" + host + ":/inside\")");
        }
        return host;
    }
}
