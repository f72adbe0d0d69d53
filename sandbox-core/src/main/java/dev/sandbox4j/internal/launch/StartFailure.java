package dev.sandbox4j.internal.launch;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.Errno;

/**
 * Turns the shim's failure record into the exception a caller sees: the
 * builder setting behind the failing op and its place in the plan, then the
 * step, errno and detail, and a hint where the cause is common, e.g.
 * {@code "tmpfs at /tmp (64M), op 21 of 64: fsconfig size failed: EINVAL (...): ..."}.
 */
final class StartFailure {
    private StartFailure() {}

    /** @param plan the launched plan (null when unknown); @param ids as for {@link StartHints} */
    static SandboxStartException of(StatusRecord.Failed f, LaunchSpec spec, HostIds ids, Plan plan) {
        return new SandboxStartException(f.step(), f.errno(), message(f, plan), StartHints.hint(f, spec, ids));
    }

    static String message(StatusRecord.Failed f, Plan plan) {
        String what = f.step() + " failed: " + (f.errno() == 0 ? "" : Errno.describe(f.errno()) + ": ") + f.detail();
        if (f.opIndex() < 0) {
            return what;
        }
        String setting = plan == null ? null : plan.setting(f.opIndex());
        String place = "op " + f.opIndex() + (plan == null ? "" : " of " + plan.opCount());
        return (setting != null ? setting + ", " + place : place + " (" + OpCode.name(f.opCode()) + ")") + ": " + what;
    }
}
