package dev.sandbox4j;

import dev.sandbox4j.internal.seccomp.DefaultProfile;
import dev.sandbox4j.internal.seccomp.RuleFileParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A seccomp policy: ordered rules plus the action for calls no rule matches.
 *
 * <p><b>Evaluation.</b> For a call, the <em>first</em> rule (in list order)
 * that names the call and whose conditions all hold decides; when none does,
 * {@link #defaultAction()} decides. Rules for the same call therefore combine
 * in order: {@code allow personality arg0 == 0} before {@code deny personality}
 * allows only persona 0. Actions {@link SeccompAction#DENY} mean
 * {@link #denyAction()}. Independent of the rules, every compiled filter
 * kills a process that calls in with a foreign architecture (the i386
 * {@code int 0x80} entry on x86_64, arm32 compat on aarch64), and on x86_64
 * applies the deny action to the x32 ABI (call numbers from 0x40000000),
 * whose calls the rules, written for x86_64 numbers, would not see.
 *
 * <p><b>Adding rules.</b> {@link #withRule} and {@link #builder(SeccompProfile)}
 * put new rules <em>ahead</em> of the existing ones, so they override them:
 * <pre>{@code
 * SeccompProfile p = SeccompProfile.defaultProfile()
 *         .withRule(SeccompRule.allow("ptrace"))                   // the default denies it
 *         .withRule(SeccompRule.of(SeccompAction.errno(13), "mkdirat"))
 *         .withDefaultDenyAction(SeccompAction.KILL_PROCESS);      // --seccomp-kill
 * SeccompProfile strict = SeccompProfile.builder()
 *         .defaultAction(SeccompAction.DENY)
 *         .rule(SeccompRule.allow("read")).rule(SeccompRule.allow("write")).rule(SeccompRule.allow("exit_group"))
 *         .build();
 * }</pre>
 *
 * <p><b>Rule files</b> ({@code sandbox-run --seccomp FILE}, {@link #parse(Path)}):
 * one directive a line, {@code #} starts a comment, words separated by blanks.
 * <pre>
 * base default            # start from defaultProfile(); "base empty" (the default) from allowAll()
 * default errno EPERM     # action for calls no rule matches; default: the base's (allow for empty)
 * deny-action kill        # what "deny" means; default: the base's (errno EPERM)
 * allow ptrace            # ACTION SYSCALL... [CONDITION...]
 * errno EACCES openat open
 * kill-process kexec_load
 * deny socket arg0 &amp;0xffffffff == 16
 * errno EPERM ioctl arg1 &amp;0xffffffff == 0x5412
 * allow personality arg0 &amp;0xffffffff &lt;= 8 arg0 != 1
 * </pre>
 * ACTION is {@code allow}, {@code deny}, {@code errno NAME|NUMBER},
 * {@code kill} (= {@code kill-process}), {@code kill-process},
 * {@code kill-thread}, {@code trap} or {@code log}. One line may name several
 * calls; each gets the line's conditions. A CONDITION is
 * {@code argN [&MASK] OP VALUE} with N in 0..5, OP one of
 * {@code == != < <= > >=}, numbers decimal or {@code 0x} hex, compared
 * unsigned 64-bit. The file's rules come before the base's, in file order.
 * A malformed line is rejected with its number and text.
 *
 * @param defaultAction for calls no rule matches
 * @param denyAction    what {@link SeccompAction#DENY} means; never DENY or ALLOW itself
 * @param rules         first match wins
 */
public record SeccompProfile(SeccompAction defaultAction, SeccompAction denyAction, List<SeccompRule> rules) {

    /** The deny action unless changed: fail with EPERM, as Docker does. */
    public static final SeccompAction EPERM = SeccompAction.errno(1);

    /** Copies {@code rules}; the actions must not be null. */
    public SeccompProfile {
        Objects.requireNonNull(defaultAction, "defaultAction");
        Objects.requireNonNull(denyAction, "denyAction");
        rules = List.copyOf(rules);
        if (denyAction.kind() == SeccompAction.Kind.DENY || denyAction.kind() == SeccompAction.Kind.ALLOW) {
            throw new IllegalArgumentException("deny action " + denyAction
                    + " not accepted: use errno N, kill-process, kill-thread, trap or log");
        }
    }

    /**
     * The built-in profile, close to Docker's default in intent: denies the
     * kernel surface ordinary programs never need (module loading, kexec,
     * mounts, namespaces, keyrings, ptrace, bpf, io_uring, raw and packet
     * sockets, TIOCSTI, ...) and allows everything else; {@code clone3}
     * fails with ENOSYS so libc falls back to {@code clone}, whose flags the
     * filter can check. See {@link DefaultProfile} for the full list.
     *
     * @return the default profile
     */
    public static SeccompProfile defaultProfile() {
        return DefaultProfile.PROFILE;
    }

    /**
     * No rules: every call allowed (the architecture and x32 checks still apply).
     *
     * @return a profile allowing everything
     */
    public static SeccompProfile allowAll() {
        return new SeccompProfile(SeccompAction.ALLOW, EPERM, List.of());
    }

    /**
     * This profile with {@code rule} checked before all its rules.
     *
     * @param rule the rule
     * @return a new profile
     */
    public SeccompProfile withRule(SeccompRule rule) {
        return builder(this).rule(rule).build();
    }

    /**
     * This profile with {@code first} checked, in order, before all its rules.
     *
     * @param first the first
     * @return a new profile
     */
    public SeccompProfile withRules(List<SeccompRule> first) {
        return builder(this).rules(first).build();
    }

    /**
     * This profile with another action for calls no rule matches.
     *
     * @param action the default action
     * @return a new profile
     */
    public SeccompProfile withDefaultAction(SeccompAction action) {
        return new SeccompProfile(action, denyAction, rules);
    }

    /**
     * What {@code deny} rules (and a DENY default) do: {@link SeccompAction#KILL_PROCESS} for {@code --seccomp-kill}.
     *
     * @param action the action
     * @return a new profile
     */
    public SeccompProfile withDefaultDenyAction(SeccompAction action) {
        return new SeccompProfile(defaultAction, action, rules);
    }

    /**
     * {@code action}, with {@link SeccompAction#DENY} replaced by {@link #denyAction()}.
     *
     * @param action an action of a rule or the default
     * @return the action the filter takes
     */
    public SeccompAction resolve(SeccompAction action) {
        return action.kind() == SeccompAction.Kind.DENY ? denyAction : action;
    }

    /**
     * A builder starting from {@link #allowAll()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(allowAll());
    }

    /**
     * A builder whose rules go ahead of {@code base}'s and which keeps its actions unless set.
     *
     * @param base the profile to start from
     * @return a new builder
     */
    public static Builder builder(SeccompProfile base) {
        return new Builder(base);
    }

    /**
     * Reads a rule file (format above); errors name the file and line.
     *
     * @param file the file
     * @return the profile
     * @throws IOException when the file cannot be read
     */
    public static SeccompProfile parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return RuleFileParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses rule-file text (format above); errors name the line.
     *
     * @param text the text
     * @return the profile
     */
    public static SeccompProfile parse(String text) {
        return RuleFileParser.parse(text);
    }

    /** Collects rules in order; {@link #build()} puts them ahead of the base's. */
    public static final class Builder {
        private final SeccompProfile base;
        private SeccompAction defaultAction;
        private SeccompAction denyAction;
        private final List<SeccompRule> rules = new ArrayList<>();

        private Builder(SeccompProfile base) {
            this.base = Objects.requireNonNull(base, "base");
            this.defaultAction = base.defaultAction;
            this.denyAction = base.denyAction;
        }

        /**
         * The action for calls no rule matches.
         *
         * @param action the action
         * @return this builder
         */
        public Builder defaultAction(SeccompAction action) {
            this.defaultAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * What {@link SeccompAction#DENY} means in this profile (EPERM unless set).
         *
         * @param action the action
         * @return this builder
         */
        public Builder denyAction(SeccompAction action) {
            this.denyAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Adds a rule after those added before (first match wins).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(SeccompRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Adds rules after the ones added so far.
         *
         * @param more the rules
         * @return this builder
         */
        public Builder rules(List<SeccompRule> more) {
            more.forEach(this::rule);
            return this;
        }

        /**
         * The profile.
         *
         * @return a new, immutable profile
         */
        public SeccompProfile build() {
            List<SeccompRule> all = new ArrayList<>(rules);
            all.addAll(base.rules);
            return new SeccompProfile(defaultAction, denyAction, all);
        }
    }
}
