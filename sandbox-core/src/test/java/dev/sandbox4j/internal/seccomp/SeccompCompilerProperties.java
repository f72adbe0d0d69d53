package dev.sandbox4j.internal.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;
import dev.sandbox4j.internal.seccomp.BpfInterpreter.SeccompData;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random rule sets and random calls, the compiled program (run by the
 * test interpreter) decides exactly what {@link ReferenceEvaluator} says.
 */
class SeccompCompilerProperties {

    /** Few names, so rules collide on the same call; "open" and "iopl" exist on x86_64 only. */
    static final List<String> NAMES = List.of("read", "write", "openat", "ioctl", "socket", "clone",
            "personality", "mmap", "close", "getpid", "kill", "fcntl", "open", "iopl");

    /** Values where 64-bit comparisons on 32-bit halves go wrong if they go wrong. */
    static final List<Long> VALUES = List.of(0L, 1L, 2L, 3L, 8L, 16L, 38L, 0x5412L, 0x7fffffffL, 0x80000000L,
            0xffffffffL, 0x100000000L, 0x100000001L, 0x100005412L, 0xffffffff00000000L, 0x7E020000L,
            Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L);

    static final List<Long> MASKS = List.of(-1L, -1L, -1L, 0xffffffffL, 0xffffffff00000000L, 0xfL, 0x7E020000L,
            0x8000000000000001L);

    @Property(tries = 400)
    void compiledProgramDecidesLikeTheRules(@ForAll("profiles") SeccompProfile profile, @ForAll("archs") Arch arch,
            @ForAll("calls") List<Call> calls) {
        byte[] program = SeccompCompiler.compile(profile, arch);
        for (Call c : calls) {
            SeccompData d = c.data(arch);
            assertThat(ReferenceEvaluator.decode(BpfInterpreter.run(program, d)))
                    .as("%s on %s for %s", d, arch, profile)
                    .isEqualTo(ReferenceEvaluator.decide(profile, arch, d));
        }
    }

    /** Big rule sets: bodies and the dispatch tree exceed 255 instructions, so long jumps are exercised. */
    @Property(tries = 40)
    void longJumpsKeepTheSemantics(@ForAll("bigProfiles") SeccompProfile profile, @ForAll("archs") Arch arch,
            @ForAll("calls") List<Call> calls) {
        byte[] program = SeccompCompiler.compile(profile, arch);
        for (Call c : calls) {
            SeccompData d = c.data(arch);
            assertThat(ReferenceEvaluator.decode(BpfInterpreter.run(program, d)))
                    .as("%s on %s", d, arch)
                    .isEqualTo(ReferenceEvaluator.decide(profile, arch, d));
        }
    }

    @Provide
    Arbitrary<Arch> archs() {
        return Arbitraries.of(Arch.class);
    }

    static Arbitrary<Long> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(VALUES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
    }

    static Arbitrary<ArgCondition> conditions() {
        Arbitrary<Integer> index = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 5)));
        Arbitrary<Long> mask = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(MASKS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
        return Combinators.combine(index, mask, Arbitraries.of(ArgCondition.Op.class), values())
                .as((i, m, op, v) -> new ArgCondition(i, m, op,
                        op == ArgCondition.Op.EQ || op == ArgCondition.Op.NE ? v & m : v));
    }

    static Arbitrary<SeccompAction> actions() {
        return Arbitraries.oneOf(
                Arbitraries.of(SeccompAction.ALLOW, SeccompAction.DENY, SeccompAction.KILL_PROCESS,
                        SeccompAction.KILL_THREAD, SeccompAction.TRAP, SeccompAction.LOG),
                Arbitraries.integers().between(0, 4095).map(SeccompAction::errno));
    }

    static Arbitrary<SeccompAction> denyActions() {
        return Arbitraries.oneOf(
                Arbitraries.of(SeccompAction.KILL_PROCESS, SeccompAction.KILL_THREAD, SeccompAction.TRAP,
                        SeccompAction.LOG),
                Arbitraries.integers().between(0, 4095).map(SeccompAction::errno));
    }

    static Arbitrary<SeccompRule> rules(int maxConditions) {
        return Combinators.combine(Arbitraries.of(NAMES), actions(),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<ArgCondition>of())),
                                net.jqwik.api.Tuple.of(2, conditions().list().ofMinSize(1).ofMaxSize(maxConditions))))
                .as(SeccompRule::new);
    }

    @Provide
    Arbitrary<SeccompProfile> profiles() {
        return Combinators.combine(actions(), denyActions(), rules(3).list().ofMaxSize(25))
                .as(SeccompProfile::new);
    }

    @Provide
    Arbitrary<SeccompProfile> bigProfiles() {
        return Combinators.combine(actions(), denyActions(), rules(6).list().ofMinSize(60).ofMaxSize(90))
                .as(SeccompProfile::new);
    }

    /** A call: by name (a number not on the arch when the name is missing there), audit arch, args. */
    record Call(String name, int rawNr, int archChoice, long ip, List<Long> args) {
        SeccompData data(Arch arch) {
            int nr = name == null ? rawNr : arch.syscalls().number(name).orElse(rawNr);
            int auditArch = switch (archChoice) {
                case 0 -> 0x40000003; // AUDIT_ARCH_I386
                case 1 -> 0x40000028; // AUDIT_ARCH_ARM
                case 2 -> arch == Arch.X86_64 ? Arch.AARCH64.auditArch() : Arch.X86_64.auditArch();
                default -> arch.auditArch();
            };
            return new SeccompData(nr, auditArch, ip, args.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(NAMES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<Integer> rawNr = Arbitraries.oneOf(Arbitraries.integers().between(0, 500),
                Arbitraries.of(0x40000000, 0x40000000 | 2, 0x3fffffff, -1, Integer.MIN_VALUE),
                Arbitraries.integers());
        Arbitrary<Integer> archChoice = Arbitraries.integers().between(0, 30);
        Arbitrary<Call> call = Combinators.combine(name, rawNr, archChoice, Arbitraries.longs(),
                values().list().ofSize(6)).as(Call::new);
        return call.list().ofMinSize(1).ofMaxSize(60);
    }
}
