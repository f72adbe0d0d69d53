package dev.sandbox4j;

import java.lang.ProcessBuilder.Redirect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Another program to start inside a running sandbox with
 * {@link SandboxProcess#exec(ExecSpec)}: in all of its namespaces, its root,
 * its cgroup, with the same hardening (capabilities, no_new_privs, seccomp
 * filter, rlimits, clean fds). Immutable: each {@code with...} returns a copy.
 *
 * <pre>{@code
 * try (SandboxProcess box = Sandbox.builder().memory("64M").command("sleep", "600").start();
 *      SandboxProcess ps = box.exec(ExecSpec.of("ps", "-ef").withEnv("LANG", "C"))) {
 *     System.out.println(new String(ps.getInputStream().readAllBytes()));
 * }
 * }</pre>
 *
 * @param command     the program and its arguments (a name without '/' is looked up in PATH inside)
 * @param environment the whole environment; empty means the sandbox's own
 * @param workDir     the working directory inside; null for /
 * @param uid         the uid inside; null for the sandbox's
 * @param gid         the gid inside; null for the sandbox's
 * @param stdin       like {@link ProcessBuilder#redirectInput(Redirect)}; PIPE by default
 * @param stdout      likewise
 * @param stderr      likewise
 * @param tty         a terminal of the sandbox's own as stdin, stdout and stderr (the redirects must stay PIPE)
 */
public record ExecSpec(List<String> command, Map<String, String> environment, String workDir, Integer uid,
        Integer gid, Redirect stdin, Redirect stdout, Redirect stderr, boolean tty) {

    /** Checks and copies. */
    public ExecSpec {
        command = List.copyOf(command);
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalArgumentException("exec needs a command: got " + command);
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (workDir != null && !workDir.startsWith("/")) {
            throw new IllegalArgumentException("exec workDir '" + workDir + "' must be absolute");
        }
    }

    /**
     * A command with the sandbox's environment, ids and pipes.
     *
     * @param command the program and its arguments
     * @return the spec
     */
    public static ExecSpec of(String... command) {
        return new ExecSpec(List.of(command), Map.of(), null, null, null, Redirect.PIPE, Redirect.PIPE,
                Redirect.PIPE, false);
    }

    /**
     * This spec with one more environment variable (the environment then starts empty but for PATH of the sandbox).
     *
     * @param name  the variable
     * @param value its value
     * @return a copy
     */
    public ExecSpec withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new ExecSpec(command, env, workDir, uid, gid, stdin, stdout, stderr, tty);
    }

    /**
     * This spec in another working directory.
     *
     * @param dir the working directory inside, absolute
     * @return a copy
     */
    public ExecSpec withWorkDir(String dir) {
        return new ExecSpec(command, environment, dir, uid, gid, stdin, stdout, stderr, tty);
    }

    /**
     * This spec run as other ids (mapped in the sandbox's user namespace).
     *
     * @param uid the uid inside
     * @param gid the gid inside
     * @return a copy
     */
    public ExecSpec withIds(int uid, int gid) {
        return new ExecSpec(command, environment, workDir, uid, gid, stdin, stdout, stderr, tty);
    }

    /**
     * This spec with other stdio.
     *
     * @param in  where stdin comes from
     * @param out where stdout goes
     * @param err where stderr goes
     * @return a copy
     */
    public ExecSpec withRedirects(Redirect in, Redirect out, Redirect err) {
        return new ExecSpec(command, environment, workDir, uid, gid, in, out, err, tty);
    }

    /**
     * This spec with or without a terminal.
     *
     * @param on whether the program gets a terminal of the sandbox's own
     * @return a copy
     */
    public ExecSpec withTty(boolean on) {
        return new ExecSpec(command, environment, workDir, uid, gid, stdin, stdout, stderr, on);
    }
}
