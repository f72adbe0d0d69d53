package dev.sandbox4j;

import dev.sandbox4j.internal.net.Cidr;
import dev.sandbox4j.internal.net.HostName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a sandbox with {@link Network#egress(EgressPolicy)} may connect: host names and address ranges, each
 * with a port, and optionally a callback for what the list does not decide. Immutable: every method returns a
 * new policy. The JVM resolves names itself (A and AAAA) and connects only to resolved addresses the policy
 * allows, so an IPv6 address cannot get around a rule for an IPv4 range. Every decision is logged through
 * {@code System.Logger} {@code dev.sandbox4j.egress} (INFO).
 *
 * <pre>{@code
 * EgressPolicy policy = EgressPolicy.denyAll()
 *         .allow("api.example.com", 443)
 *         .allow("10.1.2.0/24", 5432)
 *         .ask((host, port) -> host.endsWith(".internal"));
 * Sandbox.builder().network(Network.egress(policy)).command("curl", "https://api.example.com/").start();
 * }</pre>
 */
public final class EgressPolicy {
    /**
     * Decides what no rule decides.
     *
     * <pre>{@code
     * EgressPolicy.denyAll().ask((host, port) -> port == 443 && host.endsWith(".example.com"));
     * }</pre>
     */
    @FunctionalInterface
    public interface Ask {
        /**
         * Whether the program may connect to {@code host} on {@code port}.
         *
         * @param host as the program asked for it (a name or an address literal)
         * @param port the TCP port
         * @return true to allow the connection
         */
        boolean allow(String host, int port);
    }

    /**
     * Resolves a host name to its addresses; the default asks the JVM's resolver for A and AAAA records.
     *
     * <pre>{@code
     * policy.resolver(name -> List.of(InetAddress.getLoopbackAddress()));   // every name is this machine
     * }</pre>
     */
    @FunctionalInterface
    public interface Resolver {
        /**
         * The addresses of {@code name}.
         *
         * @param name a host name (never an address literal)
         * @return its addresses, IPv4 and IPv6
         * @throws UnknownHostException when it has none
         */
        List<InetAddress> resolve(String name) throws UnknownHostException;
    }

    /**
     * One allow rule: a host name or an address range, and a port.
     *
     * <pre>{@code
     * EgressPolicy.denyAll().allow("10.1.2.0/24", 5432).rules().get(0).range();   // "10.1.2.0/24"
     * }</pre>
     */
    public static final class Rule {
        private final String host;
        private final Cidr range;
        private final int port;

        private Rule(String host, Cidr range, int port) {
            this.host = host;
            this.range = range;
            this.port = port;
        }

        /**
         * The host name of a name rule.
         *
         * @return the name in lower case, or null for a range
         */
        public String host() {
            return host;
        }

        /**
         * The range of a range rule.
         *
         * @return the range ({@code 10.1.2.0/24}), or null for a host name
         */
        public String range() {
            return range == null ? null : range.toString();
        }

        /**
         * The port this rule allows.
         *
         * @return 1-65535
         */
        public int port() {
            return port;
        }

        /**
         * Whether this is a host-name rule for {@code name} (any case) and {@code port}.
         *
         * @param name a host name
         * @param port a TCP port
         * @return true when this rule allows the name on the port
         */
        public boolean matches(String name, int port) {
            return host != null && this.port == port && host.equalsIgnoreCase(name);
        }

        /**
         * Whether this is a range rule holding {@code address} (same family only) and {@code port}.
         *
         * @param address an address the program would connect to
         * @param port    a TCP port
         * @return true when this rule allows the address on the port
         */
        public boolean matches(InetAddress address, int port) {
            return range != null && this.port == port && range.contains(address);
        }

        @Override
        public String toString() {
            return (host != null ? host : range.toString()) + ":" + port;
        }
    }

    private static final Resolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

    private final List<Rule> rules;
    private final Ask ask;
    private final Resolver resolver;

    private EgressPolicy(List<Rule> rules, Ask ask, Resolver resolver) {
        this.rules = List.copyOf(rules);
        this.ask = ask;
        this.resolver = resolver;
    }

    /**
     * A policy that allows nothing yet.
     *
     * @return the empty policy
     */
    public static EgressPolicy denyAll() {
        return new EgressPolicy(List.of(), null, SYSTEM);
    }

    /**
     * Also allows {@code hostOrRange} on {@code port}: a host name ({@code api.example.com}: letters, digits and
     * hyphens, labels of at most 63 characters), an address ({@code 10.1.2.3}, {@code ::1}) or a CIDR range
     * ({@code 10.1.2.0/24}, {@code fd00::/8}; the bits after the prefix must be zero).
     *
     * @param hostOrRange a host name, an address or a CIDR range
     * @param port        the TCP port, 1-65535
     * @return a policy with this rule as well
     * @throws IllegalArgumentException naming the value when it is none of these, or the port is not 1-65535
     */
    public EgressPolicy allow(String hostOrRange, int port) {
        Objects.requireNonNull(hostOrRange, "hostOrRange");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("egress port " + port + " for " + hostOrRange
                    + " is not a TCP port: use 1-65535");
        }
        Cidr range = Cidr.parseOrNull(hostOrRange);
        Rule rule = range != null ? new Rule(null, range, port) : new Rule(HostName.check(hostOrRange), null, port);
        List<Rule> more = new ArrayList<>(rules);
        more.add(rule);
        return new EgressPolicy(more, ask, resolver);
    }

    /**
     * Asks {@code ask} about every connection no rule allows (instead of denying it).
     *
     * @param ask the callback; it runs on a JVM thread of the proxy, one call per connection
     * @return a policy with this callback
     */
    public EgressPolicy ask(Ask ask) {
        return new EgressPolicy(rules, Objects.requireNonNull(ask, "ask"), resolver);
    }

    /**
     * Resolves names with {@code resolver} instead of the JVM's resolver (tests, a split-horizon DNS).
     *
     * @param resolver the name resolver
     * @return a policy with this resolver
     */
    public EgressPolicy resolver(Resolver resolver) {
        return new EgressPolicy(rules, ask, Objects.requireNonNull(resolver, "resolver"));
    }

    /**
     * The rules, in the order added.
     *
     * @return the rules
     */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The callback for what no rule decides.
     *
     * @return the callback, or null when what no rule allows is denied
     */
    public Ask asker() {
        return ask;
    }

    /**
     * The name resolver.
     *
     * @return the resolver set, or the JVM's
     */
    public Resolver nameResolver() {
        return resolver;
    }

    @Override
    public String toString() {
        return "EgressPolicy" + rules + (ask != null ? " ask" : "");
    }
}
