package dev.sandbox4j.internal.seccomp;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the seccomp rule file format documented on {@link SeccompProfile}.
 *
 * <pre>{@code
 * SeccompProfile p = RuleFileParser.parse("base default\nallow ptrace\n");
 * }</pre>
 */
public final class RuleFileParser {
    private RuleFileParser() {}

    private static final Pattern ARG = Pattern.compile("arg([0-9]+)");

    /** A line's tokens and where we are in them. */
    private static final class Line {
        final int number;
        final String text;
        final String[] words;
        int at;

        Line(int number, String text, String[] words) {
            this.number = number;
            this.text = text;
            this.words = words;
        }

        boolean more() {
            return at < words.length;
        }

        String peek() {
            return more() ? words[at] : null;
        }

        String next(String what) {
            if (!more()) {
                throw error("expected " + what + " at the end of the line");
            }
            return words[at++];
        }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("line " + number + ": '" + text + "': " + why);
        }
    }

    public static SeccompProfile parse(String text) {
        SeccompProfile base = null;
        SeccompAction defaultAction = null, denyAction = null;
        List<SeccompRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            int hash = raw.indexOf('#');
            String body = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (body.isEmpty()) {
                continue;
            }
            Line line = new Line(i + 1, raw.strip(), body.split("\\s+"));
            String first = line.next("a directive").toLowerCase(Locale.ROOT);
            switch (first) {
                case "base" -> {
                    if (base != null || !rules.isEmpty() || defaultAction != null || denyAction != null) {
                        throw line.error("'base' must come once, before every other line");
                    }
                    String which = line.next("default or empty").toLowerCase(Locale.ROOT);
                    base = switch (which) {
                        case "default" -> SeccompProfile.defaultProfile();
                        case "empty" -> SeccompProfile.allowAll();
                        default -> throw line.error("unknown base '" + which + "': expected default or empty");
                    };
                }
                case "default" -> defaultAction = action(line, line.next("an action"));
                case "deny-action" -> {
                    denyAction = action(line, line.next("an action"));
                    if (denyAction.kind() == SeccompAction.Kind.DENY || denyAction.kind() == SeccompAction.Kind.ALLOW) {
                        throw line.error("deny-action " + denyAction
                                + " not accepted: expected errno NAME, kill, kill-thread, trap or log");
                    }
                }
                default -> rules.addAll(rules(line, action(line, first)));
            }
            if (line.more()) {
                throw line.error("unexpected '" + line.peek() + "'");
            }
        }
        SeccompProfile.Builder b = SeccompProfile.builder(base == null ? SeccompProfile.allowAll() : base);
        if (defaultAction != null) {
            b.defaultAction(defaultAction);
        }
        if (denyAction != null) {
            b.denyAction(denyAction);
        }
        return b.rules(rules).build();
    }

    private static SeccompAction action(Line line, String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "allow" -> SeccompAction.ALLOW;
            case "deny" -> SeccompAction.DENY;
            case "kill", "kill-process" -> SeccompAction.KILL_PROCESS;
            case "kill-thread" -> SeccompAction.KILL_THREAD;
            case "trap" -> SeccompAction.TRAP;
            case "log" -> SeccompAction.LOG;
            case "errno" -> {
                String e = line.next("an errno name or number after errno");
                int n = ErrnoNames.parse(e).orElseThrow(() -> line.error("unknown errno '" + e
                        + "': expected a name like EPERM or EACCES, or a number 0.." + ErrnoNames.MAX));
                yield SeccompAction.errno(n);
            }
            default -> throw line.error("unknown action '" + word
                    + "': expected allow, deny, errno NAME, kill, kill-process, kill-thread, trap or log"
                    + " (or base, default, deny-action)");
        };
    }

    private static List<SeccompRule> rules(Line line, SeccompAction action) {
        List<String> names = new ArrayList<>();
        while (line.more() && !ARG.matcher(line.peek()).matches()) {
            names.add(line.next("a system call"));
        }
        if (names.isEmpty()) {
            throw line.error("expected a system call name after '" + action + "'");
        }
        List<ArgCondition> conditions = new ArrayList<>();
        while (line.more()) {
            conditions.add(condition(line));
        }
        List<SeccompRule> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(new SeccompRule(name, action, conditions));
            } catch (IllegalArgumentException e) {
                throw line.error(e.getMessage());
            }
        }
        return out;
    }

    private static ArgCondition condition(Line line) {
        String argWord = line.next("argN");
        Matcher m = ARG.matcher(argWord);
        if (!m.matches()) {
            throw line.error("expected a condition argN [&MASK] OP VALUE, found '" + argWord + "'");
        }
        int index = Integer.parseInt(m.group(1));
        long mask = ArgCondition.NO_MASK;
        if (line.more() && line.peek().startsWith("&")) {
            String w = line.next("&MASK");
            mask = number(line, w.length() > 1 ? w.substring(1) : line.next("a mask after &"));
        }
        String opWord = line.next("an operator == != < <= > >=");
        ArgCondition.Op op = null;
        for (ArgCondition.Op o : ArgCondition.Op.values()) {
            if (o.symbol().equals(opWord)) {
                op = o;
            }
        }
        if (op == null) {
            throw line.error("unknown operator '" + opWord + "': expected == != < <= > >=");
        }
        long value = number(line, line.next("a value after " + opWord));
        try {
            return new ArgCondition(index, mask, op, value);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage());
        }
    }

    /** Decimal (optionally negative, two's complement) or 0x hex, as an unsigned 64-bit value. */
    private static long number(Line line, String w) {
        try {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.startsWith("0x")) {
                return Long.parseUnsignedLong(lower.substring(2), 16);
            }
            return lower.startsWith("-") ? Long.parseLong(lower) : Long.parseUnsignedLong(lower);
        } catch (NumberFormatException e) {
            throw line.error("'" + w + "' is not a number (decimal or 0x hex, at most 64 bits)");
        }
    }
}
