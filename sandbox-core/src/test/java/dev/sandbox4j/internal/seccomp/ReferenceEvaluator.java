package dev.sandbox4j.internal.seccomp;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;

import java.math.BigInteger;
import java.util.OptionalInt;

/**
 * What a profile says about one call, evaluated the plain way: arch check,
 * x32 check, then the first rule in order whose call and conditions match,
 * else the default. The compiled program must agree.
 */
final class ReferenceEvaluator {
    private ReferenceEvaluator() {}

    static SeccompAction decide(SeccompProfile profile, Arch arch, BpfInterpreter.SeccompData d) {
        if (d.arch() != arch.auditArch()) {
            return SeccompAction.KILL_PROCESS;
        }
        if (arch == Arch.X86_64 && Integer.toUnsignedLong(d.nr()) >= 0x40000000L) {
            return profile.denyAction();
        }
        for (SeccompRule r : profile.rules()) {
            OptionalInt nr = arch.syscalls().number(r.syscall());
            if (nr.isPresent() && nr.getAsInt() == d.nr()
                    && r.conditions().stream().allMatch(c -> holds(c, d.args()[c.index()]))) {
                return profile.resolve(r.action());
            }
        }
        return profile.resolve(profile.defaultAction());
    }

    private static boolean holds(ArgCondition c, long arg) {
        int cmp = unsigned(arg & c.mask()).compareTo(unsigned(c.value()));
        return switch (c.op()) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** The action a SECCOMP_RET_* value stands for, per {@code <linux/seccomp.h>}. */
    static SeccompAction decode(int ret) {
        int action = ret & 0xffff0000;
        return switch (action) {
            case 0x80000000 -> SeccompAction.KILL_PROCESS;
            case 0x00000000 -> SeccompAction.KILL_THREAD;
            case 0x00030000 -> SeccompAction.TRAP;
            case 0x00050000 -> SeccompAction.errno(ret & 0xffff);
            case 0x7ffc0000 -> SeccompAction.LOG;
            case 0x7fff0000 -> SeccompAction.ALLOW;
            default -> throw new AssertionError("unexpected seccomp return 0x" + Integer.toHexString(ret));
        };
    }
}
