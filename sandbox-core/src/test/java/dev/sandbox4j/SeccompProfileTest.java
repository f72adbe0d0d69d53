package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public seccomp API and the rule file format. */
class SeccompProfileTest {

    @Test
    void parsesEveryDirective() {
        SeccompProfile p = SeccompProfile.parse("""
                # a comment
                base default
                default errno EPERM      # trailing comment
                deny-action kill
                allow ptrace
                errno EACCES openat open
                kill-thread kexec_load
                trap mkdir
                log rename
                errno 13 chmod
                errno EPERM socket arg0 == 16
                errno EPERM ioctl arg1 &0xffffffff == 0x5412
                deny ioctl arg1 & 0xffff0000 != 0 arg2 <= 7
                allow read arg0 < 3 arg1 >= 0x10 arg2 > 18446744073709551615 arg5 != -1
                """);
        assertThat(p.defaultAction()).isEqualTo(SeccompAction.errno(1));
        assertThat(p.denyAction()).isEqualTo(SeccompAction.KILL_PROCESS);
        List<SeccompRule> own = p.rules().subList(0, 12);
        assertThat(own).containsExactly(
                SeccompRule.allow("ptrace"),
                SeccompRule.of(SeccompAction.errno(13), "openat"),
                SeccompRule.of(SeccompAction.errno(13), "open"),
                SeccompRule.of(SeccompAction.KILL_THREAD, "kexec_load"),
                SeccompRule.of(SeccompAction.TRAP, "mkdir"),
                SeccompRule.of(SeccompAction.LOG, "rename"),
                SeccompRule.of(SeccompAction.errno(13), "chmod"),
                SeccompRule.of(SeccompAction.errno(1), "socket", ArgCondition.eq(0, 16)),
                SeccompRule.of(SeccompAction.errno(1), "ioctl", ArgCondition.maskedEq(1, 0xffffffffL, 0x5412)),
                SeccompRule.deny("ioctl", new ArgCondition(1, 0xffff0000L, ArgCondition.Op.NE, 0),
                        ArgCondition.le(2, 7)),
                SeccompRule.allow("read", ArgCondition.lt(0, 3), ArgCondition.ge(1, 0x10), ArgCondition.gt(2, -1L),
                        ArgCondition.ne(5, -1L)),
                // base default's rules follow the file's
                SeccompProfile.defaultProfile().rules().get(0));
        assertThat(p.rules()).hasSize(11 + SeccompProfile.defaultProfile().rules().size());
    }

    @Test
    void withoutBaseAFileStartsFromAllowAll() {
        SeccompProfile p = SeccompProfile.parse("kill ptrace\n");
        assertThat(p).isEqualTo(SeccompProfile.allowAll().withRule(SeccompRule.of(SeccompAction.KILL_PROCESS, "ptrace")));
        assertThat(SeccompProfile.parse("base empty\n")).isEqualTo(SeccompProfile.allowAll());
        assertThat(SeccompProfile.parse("")).isEqualTo(SeccompProfile.allowAll());
        assertThat(SeccompProfile.parse("default deny\nallow read write").defaultAction()).isEqualTo(SeccompAction.DENY);
    }

    @Test
    void malformedLinesAreRejectedWithLineNumberAndText() {
        assertError("allow read\nerrno EPRM ptrace\n", "line 2: 'errno EPRM ptrace': unknown errno 'EPRM'");
        assertError("allow opne", "line 1: 'allow opne': unknown system call 'opne': not a system call on x86_64 or aarch64");
        assertError("\n\npermit read", "line 3: 'permit read': unknown action 'permit'");
        assertError("allow read arg6 == 1", "line 1: 'allow read arg6 == 1': argument index 6 out of range");
        assertError("allow read arg0 =< 1", "unknown operator '=<'");
        assertError("allow read arg0 == 0xZZ", "'0xZZ' is not a number");
        assertError("allow read arg0 ==", "expected a value after == at the end of the line");
        assertError("allow", "expected a system call name after 'allow'");
        assertError("allow read\nbase default", "line 2: 'base default': 'base' must come once");
        assertError("base nothing", "unknown base 'nothing'");
        assertError("deny-action allow", "line 1: 'deny-action allow': deny-action allow not accepted");
        assertError("default", "expected an action at the end of the line");
        assertError("errno", "expected an errno name or number after errno");
        assertError("errno 4096 read", "unknown errno '4096'");
        assertError("allow read arg0 &0xff == 0x100", "compares bits the mask clears");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> SeccompProfile.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parsingAFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("rules.seccomp");
        Files.writeString(f, "base default\nallow ptrace\n");
        assertThat(SeccompProfile.parse(f).rules().get(0)).isEqualTo(SeccompRule.allow("ptrace"));
        Files.writeString(f, "allow ptrace\nbogus\n");
        assertThatThrownBy(() -> SeccompProfile.parse(f)).hasMessageStartingWith(f + ": line 2: 'bogus'");
    }

    @Test
    void addedRulesOverrideTheBase() {
        SeccompProfile p = SeccompProfile.defaultProfile().withRule(SeccompRule.allow("ptrace"));
        assertThat(p.rules().get(0)).isEqualTo(SeccompRule.allow("ptrace"));
        SeccompProfile q = SeccompProfile.builder(SeccompProfile.defaultProfile())
                .rule(SeccompRule.allow("mount")).rule(SeccompRule.deny("mount")).build();
        assertThat(q.rules().subList(0, 2)).containsExactly(SeccompRule.allow("mount"), SeccompRule.deny("mount"));
        assertThat(q.defaultAction()).isEqualTo(SeccompAction.ALLOW);
        assertThat(q.denyAction()).isEqualTo(SeccompAction.errno(1));
    }

    @Test
    void rulesAndActionsValidateTheirValues() {
        assertThatThrownBy(() -> SeccompRule.allow("no_such_call"))
                .hasMessage("unknown system call 'no_such_call': not a system call on x86_64 or aarch64");
        assertThatThrownBy(() -> SeccompAction.errno(4096)).hasMessageContaining("errno 4096 out of range");
        assertThatThrownBy(() -> SeccompAction.errno(-1)).hasMessageContaining("errno -1 out of range");
        assertThatThrownBy(() -> new SeccompAction(SeccompAction.Kind.ALLOW, 3)).hasMessageContaining("only ERRNO");
        assertThatThrownBy(() -> SeccompProfile.allowAll().withDefaultDenyAction(SeccompAction.DENY))
                .hasMessageContaining("deny action deny not accepted");
        assertThatThrownBy(() -> ArgCondition.eq(-1, 0)).hasMessageContaining("argument index -1");
        assertThat(SeccompAction.errno(13)).hasToString("errno EACCES");
        assertThat(SeccompAction.KILL_PROCESS).hasToString("kill-process");
        assertThat(SeccompRule.deny("ioctl", ArgCondition.maskedEq(1, 0xffffffffL, 0x5412)))
                .hasToString("deny ioctl arg1 &0xffffffff == 0x5412");
    }

    @Test
    void toStringOfARuleParsesBackToTheSameRule() {
        for (SeccompRule r : SeccompProfile.defaultProfile().rules()) {
            assertThat(SeccompProfile.parse(r.toString()).rules()).containsExactly(r);
        }
    }

    @Test
    void argConditionTestIsUnsigned() {
        assertThat(ArgCondition.gt(0, 1).test(-1L)).isTrue();
        assertThat(ArgCondition.lt(0, 0x8000000000000000L).test(1)).isTrue();
        assertThat(ArgCondition.maskedEq(1, 0xffffffffL, 0x5412).test(0x5412 | 1L << 32)).isTrue();
    }
}
