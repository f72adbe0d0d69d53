package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.launch.TerminalChoice;
import dev.sandbox4j.internal.spec.SpecRequest;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link SandboxBuilder}'s settings of the program: its command, environment, working directory,
 * stdio, terminal and time limits.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class ProcessSettings<B extends ProcessSettings<B>> extends BuilderSettings<B> {
    private List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String workDir;
    private Redirect stdin;
    private Redirect stdout;
    private Redirect stderr;
    private Boolean redirectErrorStream;
    private Duration timeout;
    private Duration killGrace;
    private TerminalChoice terminal = new TerminalChoice();

    ProcessSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    ProcessSettings(ProcessSettings<?> base) {
        super(base);
        command = inherit("command", base.command);
        env.putAll(base.env);
        env.keySet().forEach(k -> inherited.add("env " + k));
        workDir = inherit("workDir", base.workDir);
        stdin = inherit("stdin redirect", base.stdin);
        stdout = inherit("stdout redirect", base.stdout);
        stderr = inherit("stderr redirect", base.stderr);
        redirectErrorStream = inherit("redirectErrorStream", base.redirectErrorStream);
        timeout = inherit("timeout", base.timeout);
        killGrace = inherit("killGracePeriod", base.killGrace);
        terminal = base.terminal.copy();
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Process process() {
        return new SpecRequest.Process(command, env, workDir, stdin, stdout, stderr, redirectErrorStream, timeout,
                killGrace, terminal.copy());
    }

    /**
     * The program and its arguments; a program without a slash is looked up in the sandbox's PATH.
     *
     * @param command the program and its arguments; a program without a slash is looked up in the sandbox's PATH
     * @return this builder
     */
    public B command(String... command) {
        return command(List.of(command));
    }

    /**
     * The program and its arguments; a program without a slash is looked up in the sandbox's PATH.
     *
     * @param command the program and its arguments
     * @return this builder
     */
    public B command(List<String> command) {
        Objects.requireNonNull(command, "command");
        this.command = once("command", this.command, List.copyOf(command));
        return self();
    }

    /**
     * Sets a variable of the program's environment, which otherwise holds only a minimal PATH.
     *
     * @param name the variable's name, non-empty, without '=' or NUL
     * @param value its value, without NUL
     * @return this builder
     */
    public B env(String name, String value) {
        Objects.requireNonNull(value, "value of " + name);
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable name '" + name
                    + "' is not valid: it must be non-empty without '=' or NUL");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable " + name + " contains a NUL byte");
        }
        if (env.containsKey(name) && !inherited.remove("env " + name)) {
            throw new IllegalStateException("environment variable " + name + " was already set to " + env.get(name));
        }
        env.put(name, value);
        return self();
    }

    /**
     * The working directory inside (default {@code /}).
     *
     * @param dir an absolute path inside the sandbox
     * @return this builder
     */
    public B workDir(String dir) {
        this.workDir = once("workDir", this.workDir, Objects.requireNonNull(dir, "dir"));
        return self();
    }

    /**
     * Where the program's stdin comes from (default: a pipe from {@link Process#getOutputStream()}).
     *
     * @param r where the stream goes (for stdin: where it comes from)
     * @return this builder
     */
    public B redirectInput(Redirect r) {
        stdin = once("stdin redirect", stdin, requireDirection(r, true, "stdin"));
        return self();
    }

    /**
     * Where the program's stdout goes (default: a pipe to {@link Process#getInputStream()}).
     *
     * @param r a pipe, inherit, discard, or a file to write or append to
     * @return this builder
     */
    public B redirectOutput(Redirect r) {
        stdout = once("stdout redirect", stdout, requireDirection(r, false, "stdout"));
        return self();
    }

    /**
     * Where the program's stderr goes (default: a pipe to {@link Process#getErrorStream()}).
     *
     * @param r a pipe, inherit, discard, or a file to write or append to
     * @return this builder
     */
    public B redirectError(Redirect r) {
        stderr = once("stderr redirect", stderr, requireDirection(r, false, "stderr"));
        return self();
    }

    /**
     * stdin, stdout and stderr all inherited from the JVM.
     *
     * @return this builder
     */
    public B inheritIO() {
        return redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
    }

    /**
     * Sends stderr wherever stdout goes.
     *
     * @param merge true to send stderr wherever stdout goes
     * @return this builder
     */
    public B redirectErrorStream(boolean merge) {
        redirectErrorStream = once("redirectErrorStream", redirectErrorStream, merge);
        return self();
    }

    /**
     * Gives the program a terminal of the sandbox's own (a pair from its
     * devpts) as stdin, stdout and stderr and as its controlling terminal,
     * 80x24 unless {@link SandboxBuilder#terminalSize} says otherwise: shells get job
     * control, Ctrl-C reaches the program in the foreground. The process's
     * streams are the other side; {@link SandboxProcess#resizeTerminal}
     * resizes it.
     * <pre>{@code
     * SandboxProcess sh = Sandbox.builder().tty(true).command("/bin/sh").start();
     * sh.getOutputStream().write("tty; exit\n".getBytes());   // prints /dev/pts/0
     * }</pre>
     * Refused with stdio redirects.
     *
     * @param on whether the program gets a terminal
     * @return this builder
     */
    public B tty(boolean on) {
        terminal.on(on);
        return self();
    }

    /**
     * The terminal's size when the program starts (with {@link SandboxBuilder#tty(boolean) tty(true)}).
     *
     * @param columns 1..65535
     * @param rows    1..65535
     * @return this builder
     */
    public B terminalSize(int columns, int rows) {
        terminal.size(columns, rows);
        return self();
    }

    /**
     * Wall-clock limit: the whole sandbox is killed and reported {@link SandboxStatus#TIMED_OUT}.
     *
     * @param timeout the wall-clock limit, positive
     * @return this builder
     */
    public B timeout(Duration timeout) {
        this.timeout = once("timeout", this.timeout, positive(timeout, "timeout"));
        return self();
    }

    /**
     * How long {@link Process#destroy()} waits after SIGTERM before killing everything (default 2 s).
     *
     * @param grace the time between SIGTERM and SIGKILL, positive
     * @return this builder
     */
    public B killGracePeriod(Duration grace) {
        killGrace = once("killGracePeriod", killGrace, positive(grace, "killGracePeriod"));
        return self();
    }

    private static Redirect requireDirection(Redirect r, boolean input, String stream) {
        Objects.requireNonNull(r, stream);
        boolean ok = r.type() == Redirect.Type.PIPE || r.type() == Redirect.Type.INHERIT
                || (input ? r.type() == Redirect.Type.READ : r.type() != Redirect.Type.READ);
        if (!ok) {
            throw new IllegalArgumentException(stream + " cannot be redirected " + (input ? "to " : "from ") + r);
        }
        return r;
    }
}
