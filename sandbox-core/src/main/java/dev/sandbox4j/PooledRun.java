package dev.sandbox4j;

import dev.sandbox4j.internal.pool.PlacedFile;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a {@link SandboxPool} gets besides the pool's definition:
 * its command, environment additions, stdio and files placed in a writable
 * mount. Everything else (namespaces, root, limits, timeout, hardening) is
 * the definition's.
 *
 * <pre>{@code
 * SandboxProcess p = pool.start(PooledRun.of("/usr/bin/python3", "/tmp/main.py")
 *         .env("LANG", "C.UTF-8")
 *         .file("/tmp/main.py", source.getBytes(StandardCharsets.UTF_8))
 *         .stdin(Redirect.from(input)));
 * }</pre>
 */
public final class PooledRun {
    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<PlacedFile> files = new ArrayList<>();
    private Redirect stdin = Redirect.PIPE, stdout = Redirect.PIPE, stderr = Redirect.PIPE;
    private boolean errorToOutput;

    private PooledRun(List<String> command) {
        this.command = command;
    }

    /**
     * A run of this command; none means the definition's own.
     *
     * @param command an absolute program path and its arguments, or nothing
     * @return a new run
     */
    public static PooledRun of(String... command) {
        List<String> c = List.of(command);
        if (!c.isEmpty() && !c.get(0).startsWith("/")) {
            throw new IllegalArgumentException("pooled program '" + c.get(0)
                    + "' must be an absolute path (it is not looked up in PATH per run)");
        }
        return new PooledRun(c);
    }

    /**
     * Adds or replaces one environment variable of the definition's environment, for this run.
     *
     * @param name  non-empty, without '=' or NUL
     * @param value without NUL
     * @return this
     */
    public PooledRun env(String name, String value) {
        Objects.requireNonNull(value, "value of " + name);
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0
                || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable '" + name
                    + "' is not valid: the name must be non-empty without '=' or NUL, the value without NUL");
        }
        env.put(name, value);
        return this;
    }

    /**
     * A file this run finds, owned by the program's ids, mode 0644.
     *
     * @param path    absolute, inside one of the definition's writable tmpfs mounts (e.g. {@code /tmp/in.txt})
     * @param content the bytes
     * @return this
     */
    public PooledRun file(String path, byte[] content) {
        return file(path, content, 0644);
    }

    /**
     * A file this run finds, owned by the program's ids.
     *
     * @param path    absolute, inside one of the definition's writable tmpfs mounts
     * @param content the bytes
     * @param mode    permission bits, 0 to 07777
     * @return this
     */
    public PooledRun file(String path, byte[] content, int mode) {
        Objects.requireNonNull(path, "path");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode 0" + Integer.toOctalString(mode) + " for " + path
                    + " is not a permission mode; use 0 to 07777");
        }
        files.add(new PlacedFile(path, content, mode));
        return this;
    }

    /**
     * Where the program's stdin comes from.
     *
     * @param r where the program's stdin comes from (default a pipe)
     * @return this
     */
    public PooledRun stdin(Redirect r) {
        stdin = Objects.requireNonNull(r, "stdin");
        return this;
    }

    /**
     * Where the program's stdout goes.
     *
     * @param r where the program's stdout goes (default a pipe)
     * @return this
     */
    public PooledRun stdout(Redirect r) {
        stdout = Objects.requireNonNull(r, "stdout");
        return this;
    }

    /**
     * Where the program's stderr goes.
     *
     * @param r where the program's stderr goes (default a pipe)
     * @return this
     */
    public PooledRun stderr(Redirect r) {
        stderr = Objects.requireNonNull(r, "stderr");
        return this;
    }

    /**
     * Sends stderr where stdout goes.
     *
     * @return this
     */
    public PooledRun redirectErrorStream() {
        errorToOutput = true;
        return this;
    }

    List<String> command() {
        return command;
    }

    Map<String, String> env() {
        return env;
    }

    List<PlacedFile> files() {
        return files;
    }

    Redirect stdinRedirect() {
        return stdin;
    }

    Redirect stdoutRedirect() {
        return stdout;
    }

    Redirect stderrRedirect() {
        return stderr;
    }

    boolean errorToOutput() {
        return errorToOutput;
    }
}
