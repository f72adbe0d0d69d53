package dev.sandbox4j.examples;

import dev.sandbox4j.Network;
import dev.sandbox4j.SandboxBuilder;
import picocli.CommandLine.Option;

/**
 * The {@code --network} option of {@code sandbox-run}.
 *
 * <pre>{@code
 * sandbox-run --network host -- /usr/bin/curl http://127.0.0.1:8080/
 * }</pre>
 */
public final class NetworkOptions {
    @Option(names = "--network", paramLabel = "none|host",
            description = "none (default): only lo; host: the host's network namespace (as --share-net).")
    String network;

    /** Calls {@link SandboxBuilder#network} when {@code --network} was given. */
    public void applyTo(SandboxBuilder builder) {
        if (network != null) {
            builder.network(parse(network));
        }
    }

    static Network parse(String name) {
        return switch (name) {
            case "none" -> Network.none();
            case "host" -> Network.host();
            default -> throw new IllegalArgumentException("--network " + name + ": expected none or host");
        };
    }
}
