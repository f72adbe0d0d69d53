package dev.sandbox4j;

import dev.sandbox4j.internal.launch.LaunchSpec;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Composes a sandbox. Every namespace is new unless {@link #share shared};
 * each setting can be made once ("hostname was already set to box"), and
 * {@link #build()} checks everything before anything is spawned.
 *
 * <pre>{@code
 * Sandbox box = Sandbox.builder()
 *         .share(Namespace.NET)
 *         .hostname("judge")
 *         .timeout(Duration.ofSeconds(2))
 *         .command("/usr/bin/python3", "solution.py")
 *         .build();
 * }</pre>
 */
public final class SandboxBuilder {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String DEFAULT_HOSTNAME = "sandbox";
    /** The host id that root inside maps to when the caller is root: nobody, so an escape lands unprivileged. */
    static final int ROOT_MAPS_TO = 65534;
    private static final int MAX_HOSTNAME = 64;

    private List<String> command;
    private final Map<Namespace, Boolean> namespaces = new EnumMap<>(Namespace.class);
    private String hostname;
    private Integer uid;
    private Integer gid;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String workDir;
    private Redirect stdin;
    private Redirect stdout;
    private Redirect stderr;
    private Boolean redirectErrorStream;
    private Duration timeout;
    private Duration killGrace;

    SandboxBuilder() {}

    /** The program and its arguments; a program without a slash is looked up in the sandbox's PATH. */
    public SandboxBuilder command(String... command) {
        return command(List.of(command));
    }

    public SandboxBuilder command(List<String> command) {
        Objects.requireNonNull(command, "command");
        once("command", this.command);
        this.command = List.copyOf(command);
        return this;
    }

    public SandboxBuilder userNs() { return ns(Namespace.USER, true); }
    public SandboxBuilder pidNs() { return ns(Namespace.PID, true); }
    public SandboxBuilder mountNs() { return ns(Namespace.MOUNT, true); }
    public SandboxBuilder netNs() { return ns(Namespace.NET, true); }
    public SandboxBuilder utsNs() { return ns(Namespace.UTS, true); }
    public SandboxBuilder ipcNs() { return ns(Namespace.IPC, true); }
    public SandboxBuilder cgroupNs() { return ns(Namespace.CGROUP, true); }
    public SandboxBuilder timeNs() { return ns(Namespace.TIME, true); }

    /** A new UTS namespace with this hostname. */
    public SandboxBuilder utsNs(String hostname) {
        return utsNs().hostname(hostname);
    }

    /** Lets the program use the host's namespaces of these types instead of new ones. */
    public SandboxBuilder share(Namespace... shared) {
        for (Namespace ns : shared) {
            ns(ns, false);
        }
        return this;
    }

    private SandboxBuilder ns(Namespace ns, boolean fresh) {
        Boolean prev = namespaces.putIfAbsent(ns, fresh);
        if (prev != null) {
            throw new IllegalStateException(ns.procName() + " namespace was already set to "
                    + (prev ? "new" : "shared"));
        }
        return this;
    }

    /** The hostname inside (default {@value #DEFAULT_HOSTNAME}); at most 64 bytes, no '/'. */
    public SandboxBuilder hostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        once("hostname", this.hostname);
        this.hostname = hostname;
        return this;
    }

    /** The uid the program runs as inside (default 0). */
    public SandboxBuilder uid(int uid) {
        once("uid", this.uid);
        this.uid = uid;
        return this;
    }

    /** The gid the program runs as inside (default 0). */
    public SandboxBuilder gid(int gid) {
        once("gid", this.gid);
        this.gid = gid;
        return this;
    }

    /** Sets a variable of the program's environment, which otherwise holds only a minimal PATH. */
    public SandboxBuilder env(String name, String value) {
        Objects.requireNonNull(value, "value of " + name);
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable name '" + name
                    + "' is not valid: it must be non-empty without '=' or NUL");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable " + name + " contains a NUL byte");
        }
        if (env.containsKey(name)) {
            throw new IllegalStateException("environment variable " + name + " was already set to " + env.get(name));
        }
        env.put(name, value);
        return this;
    }

    /** The working directory inside (default {@code /}). */
    public SandboxBuilder workDir(String dir) {
        Objects.requireNonNull(dir, "dir");
        once("workDir", this.workDir);
        this.workDir = dir;
        return this;
    }

    /** Where the program's stdin comes from (default: a pipe from {@link Process#getOutputStream()}). */
    public SandboxBuilder redirectInput(Redirect r) {
        once("stdin redirect", stdin);
        stdin = requireDirection(r, true, "stdin");
        return this;
    }

    public SandboxBuilder redirectOutput(Redirect r) {
        once("stdout redirect", stdout);
        stdout = requireDirection(r, false, "stdout");
        return this;
    }

    public SandboxBuilder redirectError(Redirect r) {
        once("stderr redirect", stderr);
        stderr = requireDirection(r, false, "stderr");
        return this;
    }

    /** stdin, stdout and stderr all inherited from the JVM. */
    public SandboxBuilder inheritIO() {
        return redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
    }

    /** Sends stderr wherever stdout goes. */
    public SandboxBuilder redirectErrorStream(boolean merge) {
        once("redirectErrorStream", redirectErrorStream);
        redirectErrorStream = merge;
        return this;
    }

    /** Wall-clock limit: the whole sandbox is killed and reported {@link SandboxStatus#TIMED_OUT}. */
    public SandboxBuilder timeout(Duration timeout) {
        once("timeout", this.timeout);
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /** How long {@link Process#destroy()} waits after SIGTERM before killing everything (default 2 s). */
    public SandboxBuilder killGracePeriod(Duration grace) {
        once("killGracePeriod", killGrace);
        killGrace = positive(grace, "killGracePeriod");
        return this;
    }

    /** Validates everything and returns a reusable, immutable sandbox definition. */
    public Sandbox build() {
        return build(LinuxSyscalls.INSTANCE.geteuid(), LinuxSyscalls.INSTANCE.getegid());
    }

    /** {@link #build()} for a caller with these effective ids (a seam for tests). */
    Sandbox build(int euid, int egid) {
        boolean rootless = euid != 0;
        EnumSet<Namespace> chosen = EnumSet.noneOf(Namespace.class);
        for (Namespace ns : Namespace.values()) {
            if (namespaces.getOrDefault(ns, true)) {
                chosen.add(ns);
            }
        }
        if (rootless && !chosen.contains(Namespace.USER) && !chosen.isEmpty()) {
            throw new IllegalStateException("a user namespace is required when not running as root (euid "
                    + euid + "): the other namespaces " + chosen + " need one; do not share USER");
        }
        String host = hostname != null ? hostname : DEFAULT_HOSTNAME;
        checkHostname(host);
        if (hostname != null && !chosen.contains(Namespace.UTS)) {
            throw new IllegalStateException("hostname " + host + " needs a UTS namespace, but UTS is shared");
        }
        int insideUid = checkId("uid", uid, rootless);
        int insideGid = checkId("gid", gid, rootless);
        boolean userNs = chosen.contains(Namespace.USER);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.putAll(env);
        String dir = workDir == null ? null : checkAbsolute("workDir", workDir);
        List<String> cmd = checkCommand(command, environment.get("PATH"), dir);
        Duration grace = killGrace != null ? killGrace : Duration.ofSeconds(2);
        LaunchSpec spec = new LaunchSpec(cmd, chosen, host, rootless, insideUid, insideGid,
                rootless ? euid : ROOT_MAPS_TO, rootless ? egid : ROOT_MAPS_TO,
                userNs || uid != null || gid != null, environment, dir,
                stdin != null ? stdin : Redirect.PIPE, stdout != null ? stdout : Redirect.PIPE,
                stderr != null ? stderr : Redirect.PIPE, Boolean.TRUE.equals(redirectErrorStream), timeout, grace);
        return new Sandbox(spec);
    }

    /** {@code build().start()}. */
    public SandboxProcess start() throws IOException {
        return build().start();
    }

    LaunchSpec specForTest(int euid) {
        return build(euid, euid).spec();
    }

    private static void once(String what, Object current) {
        if (current != null) {
            throw new IllegalStateException(what + " was already set to " + current);
        }
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
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

    static void checkHostname(String h) {
        int bytes = h.getBytes(StandardCharsets.UTF_8).length;
        if (h.isEmpty() || bytes > MAX_HOSTNAME || h.indexOf('/') >= 0 || h.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("hostname '" + h.replace("\0", "\\0").replace("\n", "\\n")
                    + "' is not valid (" + bytes + " bytes): use 1 to 64 bytes without '/' or control characters");
        }
    }

    private static int checkId(String what, Integer id, boolean rootless) {
        if (id == null) {
            return 0;
        }
        long max = rootless ? 65534 : 0xfffffffeL;
        if (id < 0 || id > max) {
            throw new IllegalArgumentException(what + " " + Integer.toUnsignedString(id) + " is out of range: use 0.."
                    + max + (rootless ? " when not running as root" : ""));
        }
        return id;
    }

    private static String checkAbsolute(String what, String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + path + "' must be an absolute path without NUL");
        }
        return path;
    }

    private static List<String> checkCommand(List<String> command, String path, String workDir) {
        if (command == null || command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalStateException("command is empty: give the program and its arguments, "
                    + "e.g. command(\"/bin/sh\", \"-c\", \"echo hi\")");
        }
        for (String arg : command) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command argument '" + arg.replace("\0", "\\0")
                        + "' contains a NUL byte");
            }
        }
        String prog = command.get(0);
        if (prog.indexOf('/') < 0) {
            boolean found = false;
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, prog))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("program '" + prog + "' is not found in the sandbox's PATH=" + path
                        + ": give an absolute path or set PATH with env(\"PATH\", ...)");
            }
        } else if (!prog.startsWith("/")) {
            Path resolved = Path.of(workDir == null ? "/" : workDir).resolve(prog);
            if (!Files.exists(resolved)) {
                throw new IllegalArgumentException("program '" + prog + "' is not found: relative to the working "
                        + "directory it is " + resolved + ", which does not exist; give an absolute path");
            }
        }
        return new ArrayList<>(command);
    }
}
