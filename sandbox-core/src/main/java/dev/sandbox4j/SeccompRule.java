package dev.sandbox4j;

import dev.sandbox4j.internal.seccomp.SyscallTable;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One rule of a {@link SeccompProfile}: calls of {@code syscall} whose
 * arguments satisfy every condition get {@code action}.
 *
 * <p>The name must be a system call on x86_64 or aarch64; a call that one of
 * them lacks ({@code open}, {@code iopl} exist only on x86_64) makes the
 * rule a no-op on the other, where no program can make that call.
 *
 * <pre>{@code
 * SeccompRule.of(SeccompAction.DENY, "socket", ArgCondition.maskedEq(0, 0xffffffffL, 16)); // AF_NETLINK
 * SeccompRule.allow("ptrace");
 * }</pre>
 *
 * @param syscall    the system call's name, as in {@code <asm/unistd.h>} without {@code __NR_}
 * @param action     what happens when the rule matches
 * @param conditions all must hold for the rule to match; none matches every call
 */
public record SeccompRule(String syscall, SeccompAction action, List<ArgCondition> conditions) {

    /** Checks that {@code syscall} is a system call of x86_64 or aarch64 and copies the conditions. */
    public SeccompRule {
        Objects.requireNonNull(syscall, "syscall");
        Objects.requireNonNull(action, "action");
        conditions = List.copyOf(conditions);
        if (!SyscallTable.knownAnywhere(syscall)) {
            throw new IllegalArgumentException("unknown system call '" + syscall
                    + "': not a system call on x86_64 or aarch64");
        }
    }

    /**
     * A rule taking {@code action} on {@code syscall} when all conditions hold.
     *
     * @param action     the action
     * @param syscall    the system call's name
     * @param conditions conditions on its arguments, all of which must hold
     * @return the rule
     */
    public static SeccompRule of(SeccompAction action, String syscall, ArgCondition... conditions) {
        return new SeccompRule(syscall, action, List.of(conditions));
    }

    /**
     * A rule allowing {@code syscall} when all conditions hold.
     *
     * @param syscall    the system call's name
     * @param conditions conditions on its arguments, all of which must hold
     * @return the rule
     */
    public static SeccompRule allow(String syscall, ArgCondition... conditions) {
        return of(SeccompAction.ALLOW, syscall, conditions);
    }

    /**
     * The profile's deny action ({@code EPERM} unless changed) for this call.
     *
     * @param syscall the system call's name
     * @param conditions conditions on its arguments, all of which must hold
     * @return the rule
     */
    public static SeccompRule deny(String syscall, ArgCondition... conditions) {
        return of(SeccompAction.DENY, syscall, conditions);
    }

    /** The rule-file spelling, e.g. {@code deny ioctl arg1 &0xffffffff == 0x5412}. */
    @Override
    public String toString() {
        return action + " " + syscall + conditions.stream().map(c -> " " + c).collect(Collectors.joining());
    }
}
