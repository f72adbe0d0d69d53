package dev.sandbox4j.examples;

import dev.sandbox4j.Capability;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.units.MemorySize;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The hardening options of {@code sandbox-run}: seccomp, capabilities,
 * rlimits, CPU time, inherited fds. Without them the library's defaults hold
 * (the default seccomp profile, no capabilities, no_new_privs, no core dumps).
 *
 * <pre>{@code
 * sandbox-run --seccomp my-rules.txt --seccomp-kill --cap-add net_bind_service \
 *             --rlimit nofile=64 --rlimit fsize=1M:2M --cpu-time 2s -- ./server
 * }</pre>
 */
public final class HardeningOptions {
    @Option(names = "--seccomp", paramLabel = "default|none|FILE",
            description = "Seccomp filter: the default profile, none, or a rule file.")
    String seccomp;
    @Option(names = "--seccomp-kill", description = "Kill the process on a denied call instead of failing it (EPERM).")
    boolean seccompKill;
    @Option(names = "--cap-add", paramLabel = "NAME", description = "Keep capability NAME (net_bind_service, ...).")
    List<String> capAdd = new ArrayList<>();
    @Option(names = "--rlimit", paramLabel = "NAME=SOFT[:HARD]",
            description = "An rlimit (nofile=64, fsize=1M:2M, core=unlimited); HARD defaults to SOFT.")
    List<String> rlimits = new ArrayList<>();
    @Option(names = "--cpu-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "CPU time per process (whole seconds, rounded up); exceeding it is TIMED_OUT.")
    Duration cpuTime;
    @Option(names = "--pass-fd", paramLabel = "N", description = "Let the program inherit fd N (3 or above).")
    List<Integer> passFds = new ArrayList<>();

    /** Sets what was given on {@code builder}. */
    public void applyTo(SandboxBuilder builder) {
        if (seccomp != null || seccompKill) {
            builder.seccomp(profile());
        }
        if (!capAdd.isEmpty()) {
            Set<Capability> keep = new LinkedHashSet<>();
            capAdd.forEach(name -> keep.add(Capability.fromName(name)));
            builder.capabilities(keep);
        }
        for (String spec : rlimits) {
            rlimit(builder, spec);
        }
        if (cpuTime != null) {
            builder.cpuTimeLimit(cpuTime);
        }
        passFds.forEach(builder::passFd);
    }

    /** The profile asked for; {@code null} for none. */
    private SeccompProfile profile() {
        SeccompProfile base;
        String choice = seccomp == null ? "default" : seccomp;
        switch (choice) {
            case "default" -> base = SeccompProfile.defaultProfile();
            case "none" -> {
                if (seccompKill) {
                    throw new IllegalArgumentException("--seccomp-kill needs a seccomp filter, but --seccomp is none");
                }
                return null;
            }
            default -> {
                try {
                    base = SeccompProfile.parse(Path.of(choice));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--seccomp: cannot read the rule file " + choice + ": " + e, e);
                }
            }
        }
        return seccompKill ? base.withDefaultDenyAction(SeccompAction.KILL_PROCESS) : base;
    }

    private static void rlimit(SandboxBuilder builder, String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--rlimit '" + spec + "' is not NAME=SOFT[:HARD]");
        }
        ResourceLimit limit = ResourceLimit.fromName(spec.substring(0, eq));
        String[] values = spec.substring(eq + 1).split(":", -1);
        if (values.length > 2) {
            throw new IllegalArgumentException("--rlimit '" + spec + "' is not NAME=SOFT[:HARD]");
        }
        long soft = limitValue(spec, values[0]);
        long hard = values.length == 2 ? limitValue(spec, values[1]) : soft;
        builder.rlimit(limit, soft, hard);
    }

    /** A count or size (64, 1M), or {@code unlimited}. */
    private static long limitValue(String spec, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("unlimited") || v.equals("infinity")) {
            return ResourceLimit.UNLIMITED;
        }
        try {
            return MemorySize.parse(v).bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rlimit '" + spec + "': the value '" + value
                    + "' is not a number (64, 1M) or unlimited", e);
        }
    }
}
