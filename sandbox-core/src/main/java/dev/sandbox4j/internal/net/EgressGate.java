package dev.sandbox4j.internal.net;

import dev.sandbox4j.EgressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an {@link EgressPolicy} to one connection a sandboxed program asked for, and logs the decision.
 * Names are resolved here (never by the program), and only resolved addresses the policy allows are used.
 */
public final class EgressGate {
    static final System.Logger AUDIT = System.getLogger("dev.sandbox4j.egress");

    /** What may be connected to: the addresses, in the resolver's order; empty when denied. */
    public record Decision(String host, int port, List<InetAddress> addresses, String reason) {
        public boolean allowed() {
            return !addresses.isEmpty();
        }
    }

    private final EgressPolicy policy;
    private final String sandbox;

    /** @param sandbox names the sandbox in the log */
    public EgressGate(EgressPolicy policy, String sandbox) {
        this.policy = policy;
        this.sandbox = sandbox;
    }

    public Decision decide(String host, int port) {
        Decision d = evaluate(host, port);
        AUDIT.log(System.Logger.Level.INFO, "egress {0} {1} {2}:{3} -> {4} ({5})", sandbox,
                d.allowed() ? "ALLOW" : "DENY", host, String.valueOf(port),
                d.addresses().stream().map(InetAddress::getHostAddress).toList(), d.reason());
        return d;
    }

    private Decision evaluate(String host, int port) {
        if (port < 1 || port > 65535) {
            return deny(host, port, "port out of range");
        }
        InetAddress literal;
        String name = null;
        try {
            literal = Cidr.literalOrNull(host);
            if (literal == null) {
                name = HostName.check(host);
            }
        } catch (IllegalArgumentException e) {
            return deny(host, port, "not a host name or address: " + e.getMessage());
        }
        for (EgressPolicy.Rule r : policy.rules()) {
            if (name != null && r.matches(name, port)) {
                return resolved(host, port, name, "rule " + r);
            }
        }
        List<InetAddress> candidates;
        try {
            candidates = literal != null ? List.of(literal) : policy.nameResolver().resolve(name);
        } catch (UnknownHostException | RuntimeException e) {
            return deny(host, port, "cannot resolve " + name + ": " + e.getMessage());
        }
        List<InetAddress> allowed = new ArrayList<>();
        List<String> by = new ArrayList<>();
        for (InetAddress a : candidates) {
            for (EgressPolicy.Rule r : policy.rules()) {
                if (r.matches(a, port)) {
                    allowed.add(a);
                    by.add(r.toString());
                    break;
                }
            }
        }
        if (!allowed.isEmpty()) {
            return new Decision(host, port, List.copyOf(allowed), "rule " + String.join(", ", by));
        }
        EgressPolicy.Ask ask = policy.asker();
        if (ask == null) {
            return deny(host, port, "no rule allows it");
        }
        boolean yes;
        try {
            yes = ask.allow(host, port);
        } catch (RuntimeException e) {
            return deny(host, port, "ask callback failed: " + e);
        }
        return yes ? new Decision(host, port, candidates, "ask answered yes") : deny(host, port, "ask answered no");
    }

    private Decision resolved(String host, int port, String name, String reason) {
        try {
            List<InetAddress> all = policy.nameResolver().resolve(name);
            return all.isEmpty() ? deny(host, port, name + " has no address") : new Decision(host, port,
                    List.copyOf(all), reason);
        } catch (UnknownHostException | RuntimeException e) {
            return deny(host, port, reason + ", but cannot resolve " + name + ": " + e.getMessage());
        }
    }

    private static Decision deny(String host, int port, String reason) {
        return new Decision(host, port, List.of(), reason);
    }
}
