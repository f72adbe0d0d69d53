package dev.sandbox4j.examples;

import dev.sandbox4j.FileChange;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.internal.text.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The {@code sandbox-run} command line: runs one program in a sandbox with
 * stdin, stdout and stderr inherited, and exits with the program's exit code
 * ({@code 128 + signal} when a signal ended it, so a timeout gives 137), or
 * {@value #SETUP_FAILED} when the sandbox could not be set up.
 *
 * <pre>{@code
 * sandbox-examples/bin/sandbox-run --timeout 2s --result-json r.json -- /bin/sh -c 'hostname; id; ps aux'
 * }</pre>
 *
 * From Java, {@link #execute(String...)} does the same and returns the exit
 * code instead of exiting.
 */
@Command(name = "sandbox-run", sortOptions = false, usageHelpAutoWidth = true, abbreviateSynopsis = true,
        customSynopsis = "sandbox-run [OPTIONS] [--] CMD [ARGS...]",
        description = "Runs CMD in a Linux sandbox: every namespace new unless shared, a clean environment.",
        footer = "%nExit status: the program's, 128+N when signal N ended it (a timeout gives 137), "
                + "125 when the sandbox could not be set up.")
public final class SandboxRun {
    /** The exit code for a bad option or a sandbox that could not be set up. */
    public static final int SETUP_FAILED = 125;
    private static final System.Logger LOG = System.getLogger(SandboxRun.class.getName());
    private static final int SIGKILL = 9;

    @Mixin
    NamespaceOptions namespaces = new NamespaceOptions();
    @Mixin
    NetworkOptions network = new NetworkOptions();
    @Mixin
    ProcessOptions process = new ProcessOptions();
    @Mixin
    FilesystemOptions filesystem = new FilesystemOptions();
    @Mixin
    LimitOptions limits = new LimitOptions();
    @Mixin
    HardeningOptions hardening = new HardeningOptions();
    @Mixin
    TerminalOptions terminal = new TerminalOptions();
    @Option(names = "--result-json", paramLabel = "FILE",
            description = "Write the result (status, exit code, signal, times, memory) as one JSON object to FILE, "
                    + "or to standard output for '-'.")
    Path resultJson;
    @Option(names = {"-v", "--verbose"}, description = "Print what the sandbox gets to stderr before it starts "
            + "(namespaces, ids, mounts, limits, seccomp, capabilities), and its pid once it runs.")
    boolean verbose;
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;
    @Option(names = "--name", paramLabel = "NAME",
            description = "Name the sandbox: 'sandbox-run exec [-i] [-t] NAME -- CMD' (-t: a terminal, as for -t here) and "
                    + "'sandbox-run inspect NAME' reach it "
                    + "through a control socket of yours ($XDG_RUNTIME_DIR/sandbox4j, /run/sandbox4j as root).")
    String name;
    @Option(names = "--probe", description = "Print what this host supports, each \"no\" with its fix, and exit.")
    boolean probe;
    @Option(names = "--json", description = "With --probe: print the report as one JSON object.")
    boolean json;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The program and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line {@code args} with the JVM's stdio and returns the exit code. */
    public static int execute(String... args) {
        return execute(System.out, System.err, args);
    }

    /** Like {@link #execute(String...)}, with the streams for the tool's own output. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        if (args.length > 0 && (args[0].equals("exec") || args[0].equals("inspect"))) {
            return ControlClient.main(args[0], List.of(args).subList(1, args.length), System.in, out, err);
        }
        SandboxRun run = new SandboxRun();
        CommandLine cli = parser(run);
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            err.println("sandbox-run: " + e.getMessage());
            err.println("Try 'sandbox-run --help' for the options.");
            return SETUP_FAILED;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(out);
            return 0;
        }
        if (cli.isVersionHelpRequested()) {
            out.println("sandbox-run " + Sandbox.version() + " (sandbox4j " + Sandbox.version() + ", Java "
                    + Runtime.version() + ", " + System.getProperty("os.arch") + ")");
            return 0;
        }
        try {
            return run.run(out, err);
        } catch (RuntimeException e) {
            err.println("sandbox-run: unexpected error: " + e);
            LOG.log(System.Logger.Level.ERROR, "unexpected error", e);
            return SETUP_FAILED;
        }
    }

    /** A parser for this command; everything from the first positional argument on is the command. */
    static CommandLine parser(SandboxRun run) {
        CommandLine cli = new CommandLine(run);
        cli.setStopAtPositional(true);
        return cli;
    }

    /** Sets everything the options ask for on {@code builder}; {@code build()} then validates it. */
    public void configure(SandboxBuilder builder) {
        namespaces.applyTo(builder);
        network.applyTo(builder);
        process.applyTo(builder);
        filesystem.applyTo(builder);
        limits.applyTo(builder);
        hardening.applyTo(builder);
        builder.command(command);
        terminal.applyTo(builder);
    }

    private int run(PrintStream out, PrintStream err) {
        if (probe) {
            out.println(json ? Sandbox.probe().toJson() : Sandbox.probe());
            return 0;
        }
        if (command.isEmpty()) {
            return fail(err, "no command given: use sandbox-run [options] -- CMD ARGS...");
        }
        Sandbox sandbox;
        try {
            SandboxBuilder builder = Sandbox.builder();
            configure(builder);
            sandbox = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return fail(err, e.getMessage());
        }
        LOG.log(System.Logger.Level.DEBUG, "starting {0}", sandbox);
        if (verbose) {
            sandbox.describe().forEach(line -> err.println("sandbox-run: " + line));
        }
        SandboxResult result;
        try {
            Control control = name == null ? p -> () -> { } : p -> ControlSocket.open(name, p);
            result = terminal.tty ? TerminalRelay.run(sandbox, control) : runToEnd(sandbox, control, verbose ? err : null);
        } catch (IOException | UncheckedIOException e) {
            return fail(err, e.getMessage());
        }
        List<FileChange> changes;
        try {
            changes = filesystem.changes(result);
        } catch (IOException e) {
            err.println("sandbox-run: could not list the overlay changes: " + e);
            changes = result.changes();
        }
        if (filesystem.diff) {
            changes.forEach(err::println);
        }
        if (resultJson != null && resultJson.toString().equals("-")) {
            out.println(ResultJson.toJson(result, changes, sandbox.network()));
            out.flush();
        } else if (resultJson != null) {
            try {
                Files.writeString(resultJson, ResultJson.toJson(result, changes, sandbox.network()) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                return fail(err, "could not write the result to " + resultJson + ": " + e);
            }
        }
        return exitCode(result);
    }

    /** Starts the sandbox and waits for it; if the JVM is stopped meanwhile, the sandbox is killed too. */
    /** What runs beside a started sandbox until it ends: the control socket of a named one. */
    @FunctionalInterface
    interface Control {
        AutoCloseable open(SandboxProcess p) throws IOException;
    }

    /** An AutoCloseable whose close throws nothing. */
    interface Opened extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens {@code control} for {@code p}; its close never fails the run. */
    static Opened open(Control control, SandboxProcess p) throws IOException {
        AutoCloseable c = control.open(p);
        return () -> {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the control socket", e);
            }
        };
    }

    private static SandboxResult runToEnd(Sandbox sandbox, Control control, PrintStream verbose) throws IOException {
        try (SandboxProcess p = sandbox.start(); Opened c = open(control, p)) {
            if (verbose != null) {
                verbose.println("sandbox-run: started: program pid " + p.pid() + " on the host"
                        + p.toHandle().parent().map(h -> ", init pid " + h.pid()).orElse(" (already over)")
                        + p.hostIds().map(i -> ", host ids " + i.uid() + ".." + (i.uid() + i.count() - 1)).orElse(""));
            }
            Thread killer = new Thread(p::close, "sandbox-run-shutdown");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                return p.result().join();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
        }
    }

    /** The program's exit code, or {@code 128 + signal}; a kill without a reported signal counts as SIGKILL. */
    static int exitCode(SandboxResult r) {
        if (r.exitCode().isPresent()) {
            return r.exitCode().getAsInt();
        }
        return 128 + r.signal().orElse(SIGKILL);
    }

    private static int fail(PrintStream err, String message) {
        err.println("sandbox-run: " + message);
        return SETUP_FAILED;
    }
}
