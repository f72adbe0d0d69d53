package dev.sandbox4j.examples;

import dev.sandbox4j.SandboxBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code sandbox-run} about the program itself: hostname,
 * ids, environment, working directory and wall-clock timeout.
 *
 * <pre>{@code
 * sandbox-run --hostname judge --uid 1000 --env LANG=C.UTF-8 --chdir /tmp --timeout 2s -- ./a.out
 * }</pre>
 */
public final class ProcessOptions {
    @Option(names = "--hostname", paramLabel = "NAME", description = "Hostname inside (default: sandbox).")
    String hostname;
    @Option(names = "--uid", paramLabel = "N", description = "User id inside (default: 0).")
    Integer uid;
    @Option(names = "--gid", paramLabel = "N", description = "Group id inside (default: 0).")
    Integer gid;
    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set a variable; repeatable. The environment is otherwise empty but for a minimal PATH.")
    List<String> env = new ArrayList<>();
    @Option(names = "--chdir", paramLabel = "DIR", description = "Working directory inside (default: /).")
    String chdir;
    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Kill the whole sandbox after this wall-clock time: 500ms, 10s, 1.5s, 2m, 1h, plain seconds or PT10S.")
    Duration timeout;

    /** Sets on {@code builder} what was given; what was not stays the library's default. */
    public void applyTo(SandboxBuilder builder) {
        if (hostname != null) {
            builder.hostname(hostname);
        }
        if (uid != null) {
            builder.uid(uid);
        }
        if (gid != null) {
            builder.gid(gid);
        }
        for (String assignment : env) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--env '" + assignment + "' is not NAME=VALUE");
            }
            builder.env(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        if (chdir != null) {
            builder.workDir(chdir);
        }
        if (timeout != null) {
            builder.timeout(timeout);
        }
    }
}
