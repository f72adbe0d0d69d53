package dev.sandbox4j.internal.check;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of a whole sandbox definition that need this process's state
 * (its fds, its rlimits, its capabilities): run by {@code build()} once the
 * spec is complete, so what the kernel would refuse after the spawn is
 * refused before it.
 */
public final class LaunchChecks {
    private static final int CAP_SYS_RESOURCE = 24;

    private LaunchChecks() {}

    public static void check(LaunchSpec spec, int euid, Syscalls sys) {
        PassedFds.check(spec.hardening().passFds(), sys);
        boolean mayRaise = euid == 0 && !spec.has(Namespace.USER) && hasCapability(CAP_SYS_RESOURCE);
        RlimitCheck.check(spec.hardening().rlimits(), mayRaise, sys);
        long[] stack = spec.hardening().rlimits().get(ResourceLimit.STACK);
        ExecSizeCheck.check(spec.command(), spec.environment(), stack != null ? stack[0] : ownStack(sys));
    }

    private static long ownStack(Syscalls sys) {
        try {
            return sys.getrlimit(ResourceLimit.STACK.resource())[0];
        } catch (SyscallException e) {
            throw new IllegalStateException("cannot read this process's stack rlimit: " + e.getMessage(), e);
        }
    }

    /** From CapEff in /proc/self/status (read to its end: /proc sizes are 0). */
    static boolean hasCapability(int cap) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/status"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> cap & 1) != 0;
                }
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false; // unknown: the stricter rule applies
        }
    }
}
