package dev.sandbox4j.examples;

import dev.sandbox4j.EgressPolicy;
import dev.sandbox4j.Network;
import dev.sandbox4j.SandboxBuilder;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --network}, {@code --allow} and {@code --publish} options of {@code sandbox-run}.
 *
 * <pre>{@code
 * sandbox-run --network host -- /usr/bin/curl http://127.0.0.1:8080/
 * sandbox-run --publish 8080:80 -- /usr/sbin/httpd -f -p 80
 * sandbox-run --network nat -- /usr/bin/wget -qO- http://example.com/
 * sandbox-run --allow api.example.com:443 --allow 10.1.2.0/24:5432 -- /usr/bin/curl https://api.example.com/
 * }</pre>
 */
public final class NetworkOptions {
    @Option(names = "--network", paramLabel = "none|host|nat|egress",
            description = "none (default): only lo; host: the host's network namespace (as --share-net); "
                    + "nat: eth0 routed out through pasta or slirp4netns (host loopback unreachable); "
                    + "egress: only lo and a proxy to what --allow allows.")
    String network;
    @Option(names = "--allow", paramLabel = "HOST:PORT",
            description = "With egress (implied): allow connections to HOST (a name, an address, [IPv6] or a CIDR "
                    + "range) on PORT; repeatable.")
    List<String> allow = new ArrayList<>();
    @Option(names = "--publish", paramLabel = "HOST:SANDBOX",
            description = "Make TCP port SANDBOX of the sandbox reachable on the host's 127.0.0.1:HOST; repeatable.")
    List<String> publish = new ArrayList<>();

    /** Calls {@link SandboxBuilder#network} when {@code --network} or {@code --allow} was given. */
    public void applyTo(SandboxBuilder builder) {
        if (network == null && allow.isEmpty() && publish.isEmpty()) {
            return;
        }
        String mode = network != null ? network : allow.isEmpty() ? "none" : "egress";
        if (!allow.isEmpty() && !mode.equals("egress")) {
            throw new IllegalArgumentException("--allow needs --network egress, not --network " + mode);
        }
        Network n = switch (mode) {
            case "none" -> Network.none();
            case "host" -> Network.host();
            case "egress" -> Network.egress(policy());
            case "nat" -> Network.nat();
            default -> throw new IllegalArgumentException("--network " + mode
                    + ": expected none, host, nat or egress (a private network lives in the JVM that created it with "
                    + "SandboxNetwork.create; a one-shot sandbox-run cannot join one by name)");
        };
        for (String p : publish) {
            String[] ports = p.split(":", -1);
            if (ports.length != 2 || !ports[0].matches("[0-9]{1,5}") || !ports[1].matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("--publish " + p + ": expected HOST:SANDBOX, two TCP ports (8080:80)");
            }
            try {
                n = n.publish(Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("--publish " + p + ": " + e.getMessage(), e);
            }
        }
        builder.network(n);
    }

    private EgressPolicy policy() {
        EgressPolicy p = EgressPolicy.denyAll();
        for (String a : allow) {
            int colon = a.lastIndexOf(':');
            String port = colon < 0 ? "" : a.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("--allow " + a + ": expected HOST:PORT (e.g. api.example.com:443, "
                        + "10.0.0.0/8:5432, [::1]:80)");
            }
            String host = a.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                p = p.allow(host, Integer.parseInt(port));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow " + a + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
