package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link SandboxBuilder}'s hardening of the program: seccomp, capabilities, no_new_privs,
 * rlimits and the fds it inherits.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class HardeningSettings<B extends HardeningSettings<B>> extends BudgetSettings<B> {
    /** The kernel's 253 fds per message, less stdio and the plan, status and control pipes. */
    private static final int MAX_PASSED_FDS = dev.sandbox4j.internal.plan.ShimWire.MAX_PASSED_FDS;

    private SeccompProfile seccomp;
    private boolean seccompSet; // seccomp(null) sets no filter: null alone cannot tell it from unset
    private Set<Capability> capabilities;
    private Boolean noNewPrivs;
    private final Map<ResourceLimit, long[]> rlimits = new TreeMap<>();
    private final List<Integer> passFds = new ArrayList<>();

    HardeningSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    HardeningSettings(HardeningSettings<?> base) {
        super(base);
        seccomp = base.seccomp;
        seccompSet = base.seccompSet && inherited.add("seccomp");
        capabilities = inherit("capabilities", base.capabilities);
        noNewPrivs = inherit("noNewPrivs", base.noNewPrivs);
        base.rlimits.forEach((l, v) -> rlimits.put(l, v.clone()));
        rlimits.keySet().forEach(l -> inherited.add("rlimit " + l));
        passFds.addAll(base.passFds);
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Hardening hardening() {
        Map<ResourceLimit, long[]> r = new TreeMap<>();
        rlimits.forEach((l, v) -> r.put(l, v.clone()));
        return new SpecRequest.Hardening(seccompSet, seccomp, capabilities, noNewPrivs, r, passFds);
    }

    /** How the seccomp setting reads, for {@link Sandbox#describe()}. */
    final String seccompDescription() {
        return seccompSet ? describe(seccomp) : "the default profile (" + describe(SeccompProfile.defaultProfile()) + ")";
    }

    private static String describe(SeccompProfile p) {
        return p == null ? "none" : p.rules().size() + " rules, default " + p.defaultAction();
    }

    /**
     * The seccomp filter (default: {@link SeccompProfile#defaultProfile()}); null for none.
     *
     * @param profile the profile, or null for no filter
     * @return this builder
     */
    public B seccomp(SeccompProfile profile) {
        if (seccompSet && !inherited.remove("seccomp")) {
            throw new IllegalStateException("seccomp was already set to " + describe(seccomp));
        }
        seccompSet = true;
        seccomp = profile;
        return self();
    }

    /**
     * Capabilities the program keeps; all others are dropped, including from the bounding set.
     *
     * @param keep the capabilities to keep
     * @return this builder
     */
    public B capabilities(Set<Capability> keep) {
        capabilities = once("capabilities", capabilities, Set.copyOf(keep));
        return self();
    }

    /**
     * {@code PR_SET_NO_NEW_PRIVS} (on by default): setuid binaries gain nothing.
     *
     * @param on true to turn it on, false to turn it off
     * @return this builder
     */
    public B noNewPrivs(boolean on) {
        noNewPrivs = once("noNewPrivs", noNewPrivs, on);
        return self();
    }

    /**
     * An rlimit for every process of the sandbox; {@link ResourceLimit#UNLIMITED} for no limit. The hard
     * limit may not exceed the JVM's own unless it has CAP_SYS_RESOURCE and shares the user namespace.
     *
     * @param limit the resource
     * @param soft the soft limit
     * @param hard the hard limit, at least the soft one
     * @return this builder
     */
    public B rlimit(ResourceLimit limit, long soft, long hard) {
        long[] prev = rlimits.get(limit);
        if (prev != null && !inherited.remove("rlimit " + limit)) {
            throw new IllegalStateException("rlimit " + limit.name().toLowerCase() + " was already set to "
                    + prev[0] + ":" + prev[1]);
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException("rlimit " + limit.name().toLowerCase() + ": soft limit "
                    + Long.toUnsignedString(soft) + " is above the hard limit " + Long.toUnsignedString(hard));
        }
        rlimits.put(limit, new long[] {soft, hard});
        return self();
    }

    /**
     * Lets the program inherit this JVM's fd {@code fd}, at the same number; not a directory or O_PATH fd.
     *
     * @param fd an fd open in this JVM, 3 or more
     * @return this builder
     */
    public B passFd(int fd) {
        if (fd < 3) {
            throw new IllegalArgumentException("passFd " + fd + ": fds 0-2 are stdio, set them with redirectInput/"
                    + "redirectOutput/redirectError");
        }
        if (passFds.contains(fd)) {
            throw new IllegalStateException("passFd " + fd + " was already given");
        }
        if (passFds.size() == MAX_PASSED_FDS) {
            throw new IllegalArgumentException("passFd " + fd + ": at most " + MAX_PASSED_FDS
                    + " fds can be passed (a launch's fds travel in one socket message)");
        }
        passFds.add(fd);
        return self();
    }
}
