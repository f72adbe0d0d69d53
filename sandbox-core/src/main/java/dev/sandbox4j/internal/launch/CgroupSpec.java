package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupLimits;
import java.nio.file.Path;

/**
 * The cgroup a sandbox asked for.
 *
 * @param limits     what to limit (empty: accounting only)
 * @param parent     where to create it; null for the host's default
 * @param required   true when the caller asked for limits or accounting: no cgroup is then an error
 */
public record CgroupSpec(CgroupLimits limits, Path parent, boolean required) {
    public static final CgroupSpec NONE = new CgroupSpec(CgroupLimits.none(), null, false);

    public boolean wanted() {
        return required;
    }
}
