package dev.sandbox4j.internal.seccomp;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;
import dev.sandbox4j.internal.seccomp.BpfAssembler.Label;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles a {@link SeccompProfile} into a seccomp BPF program for one
 * architecture: the bytes of a {@code struct sock_filter} array in native
 * byte order, ready for {@code OP_SECCOMP}.
 *
 * <p>Program shape:
 * <ol>
 * <li>{@code seccomp_data.arch} must be the target's AUDIT_ARCH, else KILL_PROCESS;
 * <li>on x86_64, call numbers {@code >= 0x40000000} (the x32 ABI) get the deny action;
 * <li>a binary search over the call numbers that have rules, then
 * <li>per call, its rules in profile order: each rule's conditions on 32-bit
 *     halves, the first rule whose conditions hold returns its action, and the
 *     default action when none does.
 * </ol>
 *
 * <pre>{@code
 * byte[] filter = SeccompCompiler.compile(SeccompProfile.defaultProfile(), Arch.current());
 * }</pre>
 */
public final class SeccompCompiler {
    private SeccompCompiler() {}

    /** Call numbers at or below this many per leaf are tested one by one. */
    private static final int LEAF = 4;

    /** Compiles for the architecture this JVM runs on. */
    public static byte[] compile(SeccompProfile profile) {
        return compile(profile, Arch.current());
    }

    /**
     * @throws IllegalArgumentException when the program would exceed the
     *         kernel's 4096 instructions
     */
    public static byte[] compile(SeccompProfile profile, Arch arch) {
        BpfAssembler a = new BpfAssembler();
        int deflt = retValue(profile.resolve(profile.defaultAction()));

        a.load(Bpf.OFF_ARCH);
        Label archOk = a.label();
        Label foreign = a.label();
        a.jeq(arch.auditArch(), archOk, foreign);
        a.bind(foreign);
        a.ret(Bpf.RET_KILL_PROCESS);
        a.bind(archOk);

        a.load(Bpf.OFF_NR);
        if (arch == Arch.X86_64) {
            Label x32 = a.label();
            Label native64 = a.label();
            a.jge(Bpf.X32_SYSCALL_BIT, x32, native64);
            a.bind(x32);
            a.ret(retValue(profile.denyAction()));
            a.bind(native64);
        }

        Map<Integer, List<SeccompRule>> bySyscall = rulesByNumber(profile, arch);
        int[] numbers = bySyscall.keySet().stream().mapToInt(Integer::intValue).toArray();
        Label[] bodies = new Label[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            bodies[i] = a.label();
        }
        dispatch(a, numbers, bodies, 0, numbers.length, deflt);
        for (int i = 0; i < numbers.length; i++) {
            a.bind(bodies[i]);
            body(a, profile, bySyscall.get(numbers[i]), deflt);
        }

        byte[] program = a.assemble(ByteOrder.nativeOrder());
        int insns = program.length / Bpf.INSN_BYTES;
        if (insns > Bpf.MAXINSNS) {
            throw new IllegalArgumentException("seccomp profile with " + profile.rules().size() + " rules compiles to "
                    + insns + " BPF instructions on " + arch + "; the kernel accepts at most " + Bpf.MAXINSNS
                    + ": use fewer rules or conditions");
        }
        return program;
    }

    /** The SECCOMP_RET_* value of a resolved action. */
    public static int retValue(SeccompAction action) {
        return switch (action.kind()) {
            case ALLOW -> Bpf.RET_ALLOW;
            case ERRNO -> Bpf.RET_ERRNO | action.errno();
            case KILL_PROCESS -> Bpf.RET_KILL_PROCESS;
            case KILL_THREAD -> Bpf.RET_KILL_THREAD;
            case TRAP -> Bpf.RET_TRAP;
            case LOG -> Bpf.RET_LOG;
            case DENY -> throw new IllegalArgumentException("DENY must be resolved against a profile first");
        };
    }

    /**
     * Rules per call number on this architecture, in profile order. Calls
     * the architecture lacks are dropped; so are calls whose every rule
     * yields the default action anyway.
     */
    private static Map<Integer, List<SeccompRule>> rulesByNumber(SeccompProfile profile, Arch arch) {
        SeccompAction deflt = profile.resolve(profile.defaultAction());
        Map<Integer, List<SeccompRule>> out = new TreeMap<>(Integer::compareUnsigned);
        for (SeccompRule r : profile.rules()) {
            arch.syscalls().number(r.syscall())
                    .ifPresent(nr -> out.computeIfAbsent(nr, k -> new ArrayList<>()).add(r));
        }
        out.values().removeIf(rules -> rules.stream().allMatch(r -> profile.resolve(r.action()).equals(deflt)));
        return out;
    }

    /** Binary search over sorted call numbers; A holds the call number throughout. */
    private static void dispatch(BpfAssembler a, int[] nrs, Label[] bodies, int from, int to, int deflt) {
        if (to - from <= LEAF) {
            for (int i = from; i < to; i++) {
                Label no = a.label();
                a.jeq(nrs[i], bodies[i], no);
                a.bind(no);
            }
            a.ret(deflt);
            return;
        }
        int mid = (from + to) >>> 1;
        Label upper = a.label();
        Label lower = a.label();
        a.jge(nrs[mid], upper, lower);
        a.bind(lower);
        dispatch(a, nrs, bodies, from, mid, deflt);
        a.bind(upper);
        dispatch(a, nrs, bodies, mid, to, deflt);
    }

    /** One call's rules in order; the first whose conditions all hold returns. */
    private static void body(BpfAssembler a, SeccompProfile profile, List<SeccompRule> rules, int deflt) {
        for (SeccompRule r : rules) {
            Label nextRule = a.label();
            for (ArgCondition c : r.conditions()) {
                condition(a, c, nextRule);
            }
            a.ret(retValue(profile.resolve(r.action())));
            a.bind(nextRule);
            if (r.conditions().isEmpty()) {
                return; // later rules for this call can never match
            }
        }
        a.ret(deflt);
    }

    /** Which way an unsigned comparison goes when the high halves differ. */
    private enum Outcome { PASS, FAIL }

    /**
     * Emits {@code (arg & mask) OP value} on 64-bit values from 32-bit halves:
     * the high halves decide unless equal, then the low halves do. Falls
     * through when the condition holds, jumps to {@code fail} otherwise.
     */
    private static void condition(BpfAssembler a, ArgCondition c, Label fail) {
        Label pass = a.label();
        Label low = a.label();
        ArgCondition.Op op = c.op();
        int maskHi = (int) (c.mask() >>> 32), maskLo = (int) c.mask();
        int valueHi = (int) (c.value() >>> 32), valueLo = (int) c.value();
        Outcome hiGreater = switch (op) {
            case EQ, LT, LE -> Outcome.FAIL;
            case NE, GT, GE -> Outcome.PASS;
        };
        Outcome hiLess = switch (op) {
            case EQ, GT, GE -> Outcome.FAIL;
            case NE, LT, LE -> Outcome.PASS;
        };

        if (maskHi == 0 && valueHi != 0) {
            // the masked high half is 0, below valueHi: decided without the low half
            a.ja(hiLess == Outcome.PASS ? pass : fail);
            a.bind(pass);
            return;
        }
        if (maskHi != 0) {
            a.load(Bpf.argHigh(c.index()));
            if (maskHi != -1) {
                a.and(maskHi);
            }
            Label pickG = hiGreater == Outcome.PASS ? pass : fail;
            Label pickL = hiLess == Outcome.PASS ? pass : fail;
            if (hiGreater == hiLess) {
                a.jeq(valueHi, low, pickG);
            } else {
                Label notGreater = a.label();
                a.jgt(valueHi, pickG, notGreater);
                a.bind(notGreater);
                a.jeq(valueHi, low, pickL);
            }
        }

        a.bind(low);
        if (maskLo == 0) {
            // the masked low half is 0: decide now
            int cmp = Integer.compareUnsigned(0, valueLo);
            boolean holds = switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
            if (!holds) {
                a.ja(fail);
            }
        } else {
            a.load(Bpf.argLow(c.index()));
            if (maskLo != -1) {
                a.and(maskLo);
            }
            switch (op) {
                case EQ -> a.jeq(valueLo, pass, fail);
                case NE -> a.jeq(valueLo, fail, pass);
                case GT -> a.jgt(valueLo, pass, fail);
                case GE -> a.jge(valueLo, pass, fail);
                case LT -> a.jge(valueLo, fail, pass);
                case LE -> a.jgt(valueLo, fail, pass);
            }
        }
        a.bind(pass);
    }
}
