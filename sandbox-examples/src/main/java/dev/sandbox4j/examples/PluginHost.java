package dev.sandbox4j.examples;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A host that runs an untrusted plugin in a sandbox and talks to it over a
 * line protocol: one request line on the plugin's stdin, one response line
 * ({@code ok ...} or {@code error ...}) from its stdout. The plugin sees no
 * network and none of the host's processes, and a timeout ends it however
 * it misbehaves (here: the {@code hang} request).
 *
 * <pre>{@code
 * sandbox-examples/bin/plugin-host                          # the built-in shell plugin
 * sandbox-examples/bin/plugin-host /usr/bin/python3 /path/to/plugin.py
 * }</pre>
 */
public final class PluginHost {
    /** The demo plugin: shell code the host treats as untrusted. */
    static final String DEMO_PLUGIN = """
            while read -r verb rest; do
              case "$verb" in
                upper) printf 'ok %s\\n' "$(printf %s "$rest" | tr a-z A-Z)" ;;
                add)   set -- $rest; printf 'ok %s\\n' "$(($1 + $2))" ;;
                hang)  sleep 1000 ;;
                *)     printf 'error unknown request %s\\n' "$verb" ;;
              esac
            done
            """;
    private static final List<String> REQUESTS =
            List.of("upper hello, plugin", "add 2 40", "frobnicate", "hang", "upper never answered");

    private PluginHost() {}

    public static void main(String[] args) throws IOException {
        List<String> plugin = args.length > 0 ? List.of(args) : List.of("/bin/sh", "-c", DEMO_PLUGIN);
        Sandbox sandbox = Sandbox.builder()
                .timeout(Duration.ofSeconds(3))      // the whole conversation, however the plugin behaves
                .redirectError(Redirect.INHERIT)     // the plugin's diagnostics go to our stderr
                // where a cgroup is available, also e.g. .memory("64M").pids(32)
                .command(plugin)
                .build();

        try (SandboxProcess p = sandbox.start()) {
            BufferedWriter requests = p.outputWriter(StandardCharsets.UTF_8);
            BufferedReader responses = p.inputReader(StandardCharsets.UTF_8);
            for (String request : REQUESTS) {
                String response = ask(requests, responses, request);
                System.out.printf("%-22s -> %s%n", request, response != null ? response : "(no answer)");
                if (response == null) {
                    break;                           // the plugin is gone: it ended or the timeout killed it
                }
            }
            requests.close();                        // end of input: a well-behaved plugin exits now
            SandboxResult r = p.result().join();
            System.out.printf("plugin ended: %s after %d ms%n", r.status(), r.wallTime().toMillis());
        }
    }

    /** Sends one request line and reads one response line; {@code null} when the plugin is gone. */
    private static String ask(BufferedWriter requests, BufferedReader responses, String request) {
        try {
            requests.write(request);
            requests.newLine();
            requests.flush();
            return responses.readLine();
        } catch (IOException brokenPipe) {
            return null;
        }
    }
}
