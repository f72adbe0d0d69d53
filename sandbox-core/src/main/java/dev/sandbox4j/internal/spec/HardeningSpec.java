package dev.sandbox4j.internal.spec;

import dev.sandbox4j.internal.launch.OutputLimits;
import dev.sandbox4j.ResourceLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the target does to itself before execve, and the limits the library enforces itself.
 *
 * @param seccompFilter the compiled filter (struct sock_filter[]), compiled once per sandbox definition;
 *                      null for none
 * @param keepCaps     mask of the capabilities kept (0: all dropped; -1: left as they are)
 * @param noNewPrivs   PR_SET_NO_NEW_PRIVS
 * @param rlimits      per resource: {soft, hard}
 * @param passFds      caller fds the program gets, at the same numbers
 * @param cpuTimeLimit null for none
 * @param traceTraps   the filter has TRAP rules: the init traces the target to name the caught syscall
 * @param outputLimits what the piped streams may deliver
 * @param workspaces   host directories bound writable for the sandbox's root (see WorkspaceOwnership)
 */
public record HardeningSpec(byte[] seccompFilter, long keepCaps, boolean noNewPrivs,
        Map<ResourceLimit, long[]> rlimits, List<Integer> passFds, Duration cpuTimeLimit, boolean traceTraps,
        OutputLimits outputLimits, List<java.nio.file.Path> workspaces) {
    public HardeningSpec {
        rlimits = Map.copyOf(rlimits);
        passFds = List.copyOf(passFds);
        outputLimits = outputLimits == null ? OutputLimits.NONE : outputLimits;
        workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    }

    public HardeningSpec(byte[] seccompFilter, long keepCaps, boolean noNewPrivs, Map<ResourceLimit, long[]> rlimits,
            List<Integer> passFds, Duration cpuTimeLimit, boolean traceTraps) {
        this(seccompFilter, keepCaps, noNewPrivs, rlimits, passFds, cpuTimeLimit, traceTraps, OutputLimits.NONE, List.of());
    }

    /** Nothing at all: for tests of the bare launch path. */
    public static final HardeningSpec NONE = new HardeningSpec(null, -1L, false, Map.of(), List.of(), null, false);
}
