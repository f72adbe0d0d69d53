package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.SandboxCgroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One way of making sandbox cgroups: v1 hierarchies, the v2 hierarchy, or none. */
public interface Backend {

    /** Controllers usable here and the directory they live in (v1 mount, or the v2 parent). */
    Map<Controller, Path> controllers();

    /** The default parent as a cgroup path (e.g. {@code /sandbox4j}); empty when none is usable. */
    Optional<String> defaultParent();

    /** Why no cgroup can be created here; empty when one can. */
    Optional<String> unavailableReason();

    /** Human-readable lines for a probe. */
    List<String> describe();

    /**
     * Creates {@code name} under {@code parent} (a cgroup path relative to the hierarchy root, or null for the
     * default) with {@code limits} written.
     */
    SandboxCgroup create(String parent, String name, CgroupLimits limits) throws CgroupException;

    /** A backend for a host without cgroups. */
    static Backend none(String why) {
        return new Backend() {
            @Override
            public Map<Controller, Path> controllers() {
                return Map.of();
            }

            @Override
            public Optional<String> defaultParent() {
                return Optional.empty();
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of(why);
            }

            @Override
            public List<String> describe() {
                return List.of("layout: NONE", "parent: none (" + why + ")");
            }

            @Override
            public SandboxCgroup create(String parent, String name, CgroupLimits limits) throws CgroupException {
                throw new CgroupException(CgroupException.Kind.UNAVAILABLE, why);
            }
        };
    }
}
