package dev.sandbox4j;

import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.RootSource;
import dev.sandbox4j.internal.check.CgroupParentCheck;
import dev.sandbox4j.internal.check.LaunchChecks;
import dev.sandbox4j.internal.check.OutputLimitCheck;
import dev.sandbox4j.internal.check.WorkspaceCheck;
import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.launch.CgroupSpec;
import dev.sandbox4j.internal.launch.CpuRlimit;
import dev.sandbox4j.internal.launch.HardeningSpec;
import dev.sandbox4j.internal.launch.LaunchSpec;
import dev.sandbox4j.internal.launch.PidSharedCgroup;
import dev.sandbox4j.internal.launch.ProgramLookup;
import dev.sandbox4j.internal.net.NetworkChoice;
import dev.sandbox4j.internal.launch.TerminalChoice;
import dev.sandbox4j.internal.seccomp.SeccompCompiler;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import dev.sandbox4j.internal.track.StartTracking;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;

/**
 * Composes a sandbox. Every namespace is new unless {@link #share shared};
 * each setting can be made once ("hostname was already set to box"), and
 * {@link #build()} checks everything before anything is spawned.
 *
 * <p>Defaults a caller can relax: a minimal root of the host's {@code /usr},
 * {@code /etc} and {@code /bin}, {@code /lib*} read-only (nothing else of the
 * host; see {@link dev.sandbox4j.fs.RootSource.MinimalHost}) with a private
 * {@code /proc}, a minimal {@code /dev}, a 64 MiB {@code /tmp}, an empty
 * {@code /run} and the sandbox's own read-only {@code /sys}, runc's
 * masked paths, the default seccomp profile, no capabilities,
 * {@code no_new_privs}, core dumps off, only fds 0-2 open. Limits
 * ({@link #memory(String)}, {@link #pids(int)}, ...) put the sandbox in a
 * cgroup of its own.
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
    private static final int MAX_HOSTNAME = 64;

    private List<String> command;
    private final Map<Namespace, Boolean> namespaces = new EnumMap<>(Namespace.class);
    private String hostname;
    private Network network;
    private Integer uid;
    private Integer gid;
    private long[] hostIdRange;
    private Long hostIdsPerSandbox;
    private final List<IdMap.Extent> idMap = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String workDir;
    private Redirect stdin;
    private Redirect stdout;
    private Redirect stderr;
    private Boolean redirectErrorStream;
    private Duration timeout;
    private Duration killGrace;
    private TerminalChoice terminal = new TerminalChoice();

    private final MountPlan.Builder fs = MountPlan.builder();
    private String root;
    private RootSource rootSource = RootSource.minimalHost();
    private boolean fsConfigured;
    private boolean procConfigured;

    private final CgroupLimits.Builder limits = CgroupLimits.builder();
    private boolean limitsConfigured;
    private Path cgroupParent;
    private Boolean accounting;

    private SeccompProfile seccomp;
    private boolean seccompSet;
    private Set<Capability> capabilities;
    private Boolean noNewPrivs;
    private final Map<ResourceLimit, long[]> rlimits = new TreeMap<>();
    private final List<Integer> passFds = new ArrayList<>();
    /** The kernel's 253 fds per message, less stdio and the plan, status and control pipes. */
    private static final int MAX_PASSED_FDS = dev.sandbox4j.internal.plan.ShimWire.MAX_PASSED_FDS;
    private Duration cpuTimeLimit;
    private boolean cpuTimeFallback;
    private MemorySize stdoutLimit, stderrLimit, outputLimit;
    private final List<Path> workspaces = new ArrayList<>();

    /** Settings copied by {@link Sandbox#toBuilder()}: each may be made once more, overriding the copy. */
    private final Set<String> inherited;

    SandboxBuilder() {
        inherited = new java.util.HashSet<>();
    }

    /** A copy of {@code base} whose settings can each be overridden once (see {@link Sandbox#toBuilder()}). */
    SandboxBuilder(SandboxBuilder base) {
        inherited = new java.util.HashSet<>();
        command = inherit("command", base.command);
        namespaces.putAll(base.namespaces);
        namespaces.keySet().forEach(ns -> inherited.add("namespace " + ns));
        hostname = inherit("hostname", base.hostname);
        network = inherit("network", base.network);
        uid = inherit("uid", base.uid);
        gid = inherit("gid", base.gid);
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
        fs.copyFrom(base.fs);
        root = inherit("rootfs", base.root);
        rootSource = base.rootSource;
        fsConfigured = base.fsConfigured;
        procConfigured = base.procConfigured;
        limits.copyFrom(base.limits);
        limitsConfigured = base.limitsConfigured;
        cgroupParent = inherit("cgroupParent", base.cgroupParent);
        accounting = inherit("accounting", base.accounting);
        seccomp = base.seccomp;
        seccompSet = base.seccompSet && inherited.add("seccomp");
        capabilities = inherit("capabilities", base.capabilities);
        noNewPrivs = inherit("noNewPrivs", base.noNewPrivs);
        base.rlimits.forEach((l, v) -> rlimits.put(l, v.clone()));
        rlimits.keySet().forEach(l -> inherited.add("rlimit " + l));
        passFds.addAll(base.passFds);
        cpuTimeLimit = inherit("cpuTimeLimit", base.cpuTimeLimit);
        hostIdRange = inherit("hostIdRange", base.hostIdRange);
        hostIdsPerSandbox = inherit("hostIdsPerSandbox", base.hostIdsPerSandbox);
        idMap.addAll(base.idMap);
        cpuTimeFallback = base.cpuTimeFallback;
        stdoutLimit = inherit("stdoutLimit", base.stdoutLimit);
        stderrLimit = inherit("stderrLimit", base.stderrLimit);
        outputLimit = inherit("outputLimit", base.outputLimit);
        workspaces.addAll(base.workspaces);
    }

    private <T> T inherit(String what, T value) {
        if (value != null) {
            inherited.add(what);
        }
        return value;
    }

    /**
     * The program and its arguments; a program without a slash is looked up in the sandbox's PATH.
     *
     * @param command the program and its arguments; a program without a slash is looked up in the sandbox's PATH
     * @return this builder
     */
    public SandboxBuilder command(String... command) {
        return command(List.of(command));
    }

    /**
     * The program and its arguments; a program without a slash is looked up in the sandbox's PATH.
     *
     * @param command the program and its arguments
     * @return this builder
     */
    public SandboxBuilder command(List<String> command) {
        Objects.requireNonNull(command, "command");
        once("command", this.command);
        this.command = List.copyOf(command);
        return this;
    }

    /**
     * The sandbox's network (default {@link Network#none()}: only {@code lo}). {@link Network#host()} is the same as
     * {@code share(Namespace.NET)}; setting both to different things is refused by {@code build()}.
     *
     * @param network none, host, or egress, with or without published ports
     * @return this builder
     */
    public SandboxBuilder network(Network network) {
        Objects.requireNonNull(network, "network");
        once("network", this.network);
        this.network = network;
        return this;
    }

    /**
     * Lets the program use the host's namespaces of these types instead of new ones. A sandbox sharing
     * {@link Namespace#PID} always gets a cgroup (one without limits unless some are set), so nothing it starts
     * outlives it; where no cgroup can be made, {@code build()} refuses and says why.
     *
     * @param shared the namespace types to share with the host
     * @return this builder
     */
    public SandboxBuilder share(Namespace... shared) {
        for (Namespace ns : shared) {
            ns(ns, false);
        }
        return this;
    }

    private SandboxBuilder ns(Namespace ns, boolean fresh) {
        Boolean prev = namespaces.putIfAbsent(ns, fresh);
        if (prev != null && !inherited.remove("namespace " + ns)) {
            throw new IllegalStateException(ns.procName() + " namespace was already set to "
                    + (prev ? "new" : "shared"));
        }
        return this;
    }

    /**
     * The hostname inside (default {@value #DEFAULT_HOSTNAME}); at most 64 bytes, no '/'.
     *
     * @param hostname the hostname, 1 to 64 bytes without '/'
     * @return this builder
     */
    public SandboxBuilder hostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        once("hostname", this.hostname);
        this.hostname = hostname;
        return this;
    }

    /**
     * As root: the host ids sandboxes take their ranges from (default 2147483648 and the 2147352576 ids
     * after it; or the system property {@code sandbox4j.hostIdRange=FIRST:COUNT}).
     *
     * <pre>{@code
     * Sandbox.builder().hostIdRange(3_000_000_000L, 65536L * 100).command("/bin/id").build();
     * }</pre>
     *
     * @param first the first host id of the range
     * @param count how many host ids it holds
     * @return this builder
     */
    public SandboxBuilder hostIdRange(long first, long count) {
        once("hostIdRange", hostIdRange == null ? null : hostIdRange[0] + ":" + hostIdRange[1]);
        hostIdRange = new long[] {first, count};
        return this;
    }

    /**
     * As root: how many host ids the sandbox gets, mapped to 0..n-1 inside (default 65536, or the system
     * property {@code sandbox4j.hostIdsPerSandbox}); 1 maps only root inside.
     *
     * <pre>{@code
     * Sandbox.builder().hostIdsPerSandbox(1).command("/bin/id").build();
     * }</pre>
     *
     * @param n how many ids, 1 to 2^32-1
     * @return this builder
     */
    public SandboxBuilder hostIdsPerSandbox(long n) {
        once("hostIdsPerSandbox", hostIdsPerSandbox);
        hostIdsPerSandbox = n;
        return this;
    }

    /**
     * Maps host ids {@code host..host+count-1} to inside ids {@code inside..inside+count-1}, uids and gids
     * alike, in place of the sandbox's own range; call once per extent. Checked by {@code build()}: extents
     * may not overlap, inside id 0 must be mapped, as root host id 0 never is; rootless only the caller's
     * own uid (count 1, its gid for gids) and its subordinate ids may be mapped. As root the host ranges
     * are locked like allocated ones: two running sandboxes never share a host id.
     *
     * <pre>{@code
     * Sandbox.builder().idMap(0, 3_000_000_000L, 1000).idMap(1000, 1000, 1).command("/bin/id").build();
     * }</pre>
     *
     * @param inside the first id inside
     * @param host the first host id it maps to
     * @param count how many ids the extent holds
     * @return this builder
     */
    public SandboxBuilder idMap(long inside, long host, long count) {
        idMap.add(new IdMap.Extent(inside, host, count));
        return this;
    }

    /**
     * The uid the program runs as inside (default 0).
     *
     * @param uid the uid inside
     * @return this builder
     */
    public SandboxBuilder uid(int uid) {
        once("uid", this.uid);
        this.uid = uid;
        return this;
    }

    /**
     * The gid the program runs as inside (default 0).
     *
     * @param gid the gid inside
     * @return this builder
     */
    public SandboxBuilder gid(int gid) {
        once("gid", this.gid);
        this.gid = gid;
        return this;
    }

    /**
     * Sets a variable of the program's environment, which otherwise holds only a minimal PATH.
     *
     * @param name the variable's name, non-empty, without '=' or NUL
     * @param value its value, without NUL
     * @return this builder
     */
    public SandboxBuilder env(String name, String value) {
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
        return this;
    }

    /**
     * The working directory inside (default {@code /}).
     *
     * @param dir an absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder workDir(String dir) {
        Objects.requireNonNull(dir, "dir");
        once("workDir", this.workDir);
        this.workDir = dir;
        return this;
    }

    /**
     * Where the program's stdin comes from (default: a pipe from {@link Process#getOutputStream()}).
     *
     * @param r where the stream goes (for stdin: where it comes from)
     * @return this builder
     */
    public SandboxBuilder redirectInput(Redirect r) {
        once("stdin redirect", stdin);
        stdin = requireDirection(r, true, "stdin");
        return this;
    }

    /**
     * Where the program's stdout goes (default: a pipe to {@link Process#getInputStream()}).
     *
     * @param r a pipe, inherit, discard, or a file to write or append to
     * @return this builder
     */
    public SandboxBuilder redirectOutput(Redirect r) {
        once("stdout redirect", stdout);
        stdout = requireDirection(r, false, "stdout");
        return this;
    }

    /**
     * Where the program's stderr goes (default: a pipe to {@link Process#getErrorStream()}).
     *
     * @param r a pipe, inherit, discard, or a file to write or append to
     * @return this builder
     */
    public SandboxBuilder redirectError(Redirect r) {
        once("stderr redirect", stderr);
        stderr = requireDirection(r, false, "stderr");
        return this;
    }

    /**
     * stdin, stdout and stderr all inherited from the JVM.
     *
     * @return this builder
     */
    public SandboxBuilder inheritIO() {
        return redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
    }

    /**
     * Sends stderr wherever stdout goes.
     *
     * @param merge true to send stderr wherever stdout goes
     * @return this builder
     */
    public SandboxBuilder redirectErrorStream(boolean merge) {
        once("redirectErrorStream", redirectErrorStream);
        redirectErrorStream = merge;
        return this;
    }

    /**
     * Gives the program a terminal of the sandbox's own (a pair from its
     * devpts) as stdin, stdout and stderr and as its controlling terminal,
     * 80x24 unless {@link #terminalSize} says otherwise: shells get job
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
    public SandboxBuilder tty(boolean on) {
        terminal.on(on);
        return this;
    }

    /**
     * The terminal's size when the program starts (with {@link #tty(boolean) tty(true)}).
     *
     * @param columns 1..65535
     * @param rows    1..65535
     * @return this builder
     */
    public SandboxBuilder terminalSize(int columns, int rows) {
        terminal.size(columns, rows);
        return this;
    }

    /**
     * Wall-clock limit: the whole sandbox is killed and reported {@link SandboxStatus#TIMED_OUT}.
     *
     * @param timeout the wall-clock limit, positive
     * @return this builder
     */
    public SandboxBuilder timeout(Duration timeout) {
        once("timeout", this.timeout);
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /**
     * How long {@link Process#destroy()} waits after SIGTERM before killing everything (default 2 s).
     *
     * @param grace the time between SIGTERM and SIGKILL, positive
     * @return this builder
     */
    public SandboxBuilder killGracePeriod(Duration grace) {
        once("killGracePeriod", killGrace);
        killGrace = positive(grace, "killGracePeriod");
        return this;
    }

    // ---------------------------------------------------------------- root filesystem

    /**
     * A directory as the root filesystem, read-only.
     *
     * @param dir the host directory
     * @return this builder
     */
    public SandboxBuilder rootfs(Path dir) {
        return rootfs(dir, false);
    }

    /**
     * A directory as the root filesystem; {@code writable} lets the program change it (never the host's {@code /}).
     *
     * @param dir the host directory
     * @param writable whether the program may change it
     * @return this builder
     */
    public SandboxBuilder rootfs(Path dir, boolean writable) {
        return root(RootSource.directory(dir, writable), dir + (writable ? " (writable)" : ""));
    }

    /**
     * The host's whole {@code /}, read-only, with a private /proc, /dev and /tmp,
     * instead of the default minimal root. It exposes a lot: the program can
     * connect to every host unix socket and open every FIFO its uid may use
     * (read-only does not stop either), and read every file the sandbox's uid
     * may read; rootless that is the caller's uid, so {@code ~/.ssh} too.
     * Prefer the default and {@link #bindReadOnly(Path, String)} what the
     * program needs, e.g. {@code bindReadOnly(Path.of("/opt/tool"), "/opt/tool")}.
     *
     * @return this builder
     */
    public SandboxBuilder hostRootReadOnly() {
        return root(RootSource.hostReadOnly(), "the host root, read-only");
    }

    /**
     * A root unpacked from a {@code docker export} tarball, an OCI image layout or
     * a {@code docker save} archive, cached by content under
     * {@code ~/.cache/sandbox4j/rootfs} ({@code /var/cache/sandbox4j/rootfs} as root,
     * since root inside maps to {@code nobody}, who cannot enter {@code /root}).
     * Needs the optional dependency {@code org.apache.commons:commons-compress}
     * (the library itself needs only the JDK); without it this call throws
     * {@code IllegalStateException} naming the artifact to add.
     *
     * @param archive the archive file
     * @return this builder
     */
    public SandboxBuilder rootfsFromTar(Path archive) {
        return rootfsFromTar(archive, UnpackLimits.defaults());
    }

    /**
     * As {@link #rootfsFromTar(Path)}, unpacking within {@code limits} instead of the defaults.
     *
     * @param archive the archive file
     * @param limits  the bounds on the unpack
     * @return this builder
     */
    public SandboxBuilder rootfsFromTar(Path archive, UnpackLimits limits) {
        return root(RootSource.fromTar(archive, cacheDir().resolve("rootfs"), limits.toImageLimits()),
                "tar " + archive);
    }

    /**
     * An overlay root: {@code lowers} (top-most first) stay untouched, the
     * program's writes land in {@code upper}; {@link SandboxResult#changes()}
     * lists them afterwards.
     *
     * @param lowers the read-only layers, top-most first
     * @param upper the directory that receives the writes
     * @return this builder
     */
    public SandboxBuilder overlayRoot(List<Path> lowers, Path upper) {
        return root(RootSource.overlay(lowers, upper), "overlay " + lowers + " + " + upper);
    }

    private SandboxBuilder root(RootSource source, String description) {
        once("rootfs", root);
        fs.root(source);
        rootSource = source;
        root = description;
        fsConfigured = true;
        return this;
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "sandbox4j");
        }
        return LinuxSyscalls.INSTANCE.geteuid() == 0 ? Path.of("/var/cache/sandbox4j")
                : Path.of(System.getProperty("user.home"), ".cache", "sandbox4j");
    }

    /**
     * Binds host {@code src} at {@code dst} inside, writable, with every submount. Refused when
     * {@code dst} is at or below /proc, /sys or /dev, or {@code src} is the host's / or at or below them.
     * No component of {@code src} may be a symlink (refused naming it; pass {@code src.toRealPath()}
     * to follow it).
     *
     * @param src the host file or directory
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder bind(Path src, String dst) {
        fs.bind(src, dst);
        fsConfigured = true;
        return this;
    }

    /**
     * Binds the caller's directory {@code hostDir} writable at {@code target}, so that root inside reads and
     * writes it whatever its owner and mode, and what the program creates there belongs to the caller
     * on the host. Rootless the caller is root inside already (a plain bind); as root it is an idmapped
     * mount mapping the caller's uid and gid on disk to root inside (Linux 5.12+, a filesystem that
     * supports it: {@code start()} says when it does not). {@code hostDir} must be an existing
     * directory, not a symlink.
     *
     * <pre>{@code
     * Path work = Files.createTempDirectory("judge");
     * Sandbox.builder().workspace(work, "/work").workDir("/work").command("./solution").start();
     * }</pre>
     *
     * @param hostDir an existing directory of the caller's, not a symlink
     * @param target  the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder workspace(Path hostDir, String target) {
        fs.bind(WorkspaceCheck.check(hostDir, target), target);
        fsConfigured = true;
        workspaces.add(hostDir);
        return this;
    }

    /**
     * Binds host {@code src} at {@code dst} inside, read-only down to every submount, e.g.
     * {@code bindReadOnly(Path.of("/opt/tool"), "/opt/tool")} to bring a program into the default
     * root. No component of {@code src} may be a symlink, as for {@link #bind(Path, String)}.
     * Binds host {@code src} at {@code dst} inside, read-only down to every submount.
     *
     * @param src the host file or directory
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder bindReadOnly(Path src, String dst) {
        fs.bindReadOnly(src, dst);
        fsConfigured = true;
        return this;
    }

    /**
     * A tmpfs of {@code size} ("64M", "1GiB", plain bytes) at {@code dst}, mode 1777.
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public SandboxBuilder tmpfs(String dst, String size) {
        return tmpfs(dst, size, 01777);
    }

    /**
     * A tmpfs of {@code size} at {@code dst} with these permission bits (e.g. {@code 0755}), holding
     * at most one inode per 8 KiB of size (at least 1024).
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @param mode the permission bits, e.g. 0755
     * @return this builder
     */
    public SandboxBuilder tmpfs(String dst, String size, int mode) {
        long bytes = parseSize("tmpfs size at " + dst, size).bytes();
        return tmpfs(dst, size, mode, MountStep.Tmpfs.defaultInodes(Math.max(0, bytes)));
    }

    /**
     * As {@link #tmpfs(String, String, int)}, holding at most {@code inodes} files, directories
     * and links, e.g. {@code tmpfs("/work", "256M", 01777, 200_000)} for many small files.
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M" or "1.5G"
     * @param mode the permission bits, e.g. 0755
     * @param inodes the most files, directories and links it may hold
     * @return this builder
     */
    public SandboxBuilder tmpfs(String dst, String size, int mode, long inodes) {
        return tmpfs(dst, parseSize("tmpfs size at " + dst, size), mode, inodes);
    }

    /**
     * As {@link #tmpfs(String, String, int, long)} with a typed size, e.g.
     * {@code tmpfs("/work", MemorySize.ofMebibytes(256), 01777, 200_000)}.
     *
     * @param dst the absolute path inside the sandbox
     * @param size the size
     * @param mode the permission bits, e.g. 0755
     * @param inodes the most files, directories and links it may hold
     * @return this builder
     */
    public SandboxBuilder tmpfs(String dst, MemorySize size, int mode, long inodes) {
        fs.tmpfs(dst, size.bytes(), mode, inodes);
        fsConfigured = true;
        return this;
    }

    /**
     * A file at {@code dst} holding {@code content} (UTF-8), mode 0644: e.g. /etc/hosts.
     *
     * @param dst the absolute path inside the sandbox
     * @param content the file's content
     * @return this builder
     */
    public SandboxBuilder file(String dst, String content) {
        return file(dst, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /**
     * A private file at {@code dst} with this content and mode; the host and the root are never written.
     *
     * @param dst     the absolute path inside the sandbox
     * @param content the file's content, at most 1 MiB
     * @param mode    the permission bits, e.g. 0644
     * @return this builder
     */
    public SandboxBuilder file(String dst, byte[] content, int mode) {
        fs.file(dst, content, mode);
        fsConfigured = true;
        return this;
    }

    /**
     * An overlay at {@code dst}: {@code lowers} untouched, writes kept in {@code upper}.
     *
     * @param lowers the read-only layers, top-most first
     * @param upper the directory that receives the writes
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder overlay(List<Path> lowers, Path upper, String dst) {
        fs.overlay(lowers, upper, dst);
        fsConfigured = true;
        return this;
    }

    /**
     * A proc file system of the sandbox's pid namespace at {@code dst} ({@code /proc} is mounted by default).
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder proc(String dst) {
        fs.proc(dst);
        procConfigured |= dst.equals("/proc");
        fsConfigured = true;
        return this;
    }

    /**
     * A POSIX message queue file system at {@code dst}.
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder mqueue(String dst) {
        fs.mqueue(dst);
        fsConfigured = true;
        return this;
    }

    /**
     * A symbolic link at {@code dst} pointing to {@code linkTarget}.
     *
     * @param linkTarget what the link points to
     * @param dst        the absolute path of the link inside the sandbox
     * @return this builder
     */
    public SandboxBuilder symlink(String linkTarget, String dst) {
        fs.symlink(linkTarget, dst);
        fsConfigured = true;
        return this;
    }

    /**
     * A directory at {@code dst} with this mode (under a tmpfs or a writable root).
     *
     * @param dst  the absolute path inside the sandbox
     * @param mode the permission bits, e.g. 0755
     * @return this builder
     */
    public SandboxBuilder dir(String dst, int mode) {
        fs.dir(dst, mode);
        fsConfigured = true;
        return this;
    }

    /**
     * Makes {@code dst} and everything mounted below it read-only, after all mounts.
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder remountReadOnly(String dst) {
        fs.remountReadOnly(dst);
        fsConfigured = true;
        return this;
    }

    /**
     * Hides {@code path}: /dev/null over a file, an empty read-only tmpfs over a directory.
     *
     * @param path the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder maskPath(String path) {
        fs.maskPath(path);
        fsConfigured = true;
        return this;
    }

    /**
     * Makes {@code path} read-only (as runc does for parts of /proc).
     *
     * @param path the absolute path inside the sandbox
     * @return this builder
     */
    public SandboxBuilder readOnlyPath(String path) {
        fs.readOnlyPath(path);
        fsConfigured = true;
        return this;
    }

    /**
     * runc's masked and read-only /proc and /sys paths; on by default.
     *
     * @param on true to turn it on, false to turn it off
     * @return this builder
     */
    public SandboxBuilder defaultMasks(boolean on) {
        fs.defaultMasks(on);
        fsConfigured = true;
        return this;
    }

    // ---------------------------------------------------------------- cgroup limits

    /**
     * Memory limit ("80M", "1G"; at least 1 MiB); the program is OOM-killed beyond it.
     *
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public SandboxBuilder memory(String size) {
        return memory(parseSize("memory", size));
    }

    /**
     * Memory limit (at least 1 MiB), e.g. {@code memory(MemorySize.ofMebibytes(80))}.
     *
     * @param size the limit
     * @return this builder
     */
    public SandboxBuilder memory(MemorySize size) {
        limits.memory(size);
        limitsConfigured = true;
        return this;
    }

    /**
     * Swap allowed on top of {@link #memory}; none by default.
     *
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public SandboxBuilder memorySwap(String size) {
        limits.memorySwap(parseSize("memorySwap", size));
        limitsConfigured = true;
        return this;
    }

    /**
     * CPU quota in CPUs (0.5 = half a CPU), over a 100 ms period.
     *
     * @param cpus CPUs of quota, more than 0, e.g. 0.5
     * @return this builder
     */
    public SandboxBuilder cpus(double cpus) {
        limits.cpus(cpus);
        limitsConfigured = true;
        return this;
    }

    /**
     * Relative CPU weight, 1..10000 (100 is the default of other cgroups).
     *
     * @param weight 1 to 10000 (100 is the default of other cgroups)
     * @return this builder
     */
    public SandboxBuilder cpuWeight(int weight) {
        limits.cpuWeight(weight);
        limitsConfigured = true;
        return this;
    }

    /**
     * At most this many tasks (processes and threads) at once: a fork bomb stops here.
     *
     * @param max the most tasks at once, 1 or more
     * @return this builder
     */
    public SandboxBuilder pids(int max) {
        limits.pids(max);
        limitsConfigured = true;
        return this;
    }

    /**
     * The CPUs the program may run on ("0-1,3").
     *
     * @param cpus a CPU list such as "0-1,3"
     * @return this builder
     */
    public SandboxBuilder cpuset(String cpus) {
        limits.cpuset(cpus);
        limitsConfigured = true;
        return this;
    }

    /**
     * Read bandwidth limit on a block device ("/dev/vda" or "MAJ:MIN"), bytes per second.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param bytesPerSecond the limit in bytes per second
     * @return this builder
     */
    public SandboxBuilder ioReadBps(String device, long bytesPerSecond) {
        limits.ioReadBps(device, bytesPerSecond);
        limitsConfigured = true;
        return this;
    }

    /**
     * Write bandwidth limit on a block device, bytes per second.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param bytesPerSecond the limit in bytes per second
     * @return this builder
     */
    public SandboxBuilder ioWriteBps(String device, long bytesPerSecond) {
        limits.ioWriteBps(device, bytesPerSecond);
        limitsConfigured = true;
        return this;
    }

    /**
     * Read operations per second on a block device.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param opsPerSecond the limit in operations per second
     * @return this builder
     */
    public SandboxBuilder ioReadIops(String device, long opsPerSecond) {
        limits.ioReadIops(device, opsPerSecond);
        limitsConfigured = true;
        return this;
    }

    /**
     * Write operations per second on a block device.
     *
     * @param device a block device path such as "/dev/vda", or "MAJ:MIN"
     * @param opsPerSecond the limit in operations per second
     * @return this builder
     */
    public SandboxBuilder ioWriteIops(String device, long opsPerSecond) {
        limits.ioWriteIops(device, opsPerSecond);
        limitsConfigured = true;
        return this;
    }

    /**
     * Where the sandbox's cgroup goes (a cgroup path like /sandbox4j/judge, or a cgroupfs directory; no . or ..).
     *
     * @param parent a cgroup path such as /sandbox4j/judge, or a cgroupfs directory
     * @return this builder
     */
    public SandboxBuilder cgroupParent(Path parent) {
        once("cgroupParent", cgroupParent);
        cgroupParent = CgroupParentCheck.check(Objects.requireNonNull(parent, "parent"));
        return this;
    }

    /**
     * A cgroup even without limits, for {@link SandboxResult#memoryPeakBytes()},
     * {@link SandboxProcess#stats()} and {@link SandboxProcess#pause()}.
     *
     * @return this builder
     */
    public SandboxBuilder accounting() {
        once("accounting", accounting);
        accounting = true;
        return this;
    }

    // ---------------------------------------------------------------- hardening

    /**
     * The seccomp filter (default: {@link SeccompProfile#defaultProfile()}); null for none.
     *
     * @param profile the profile, or null for no filter
     * @return this builder
     */
    public SandboxBuilder seccomp(SeccompProfile profile) {
        if (seccompSet && !inherited.remove("seccomp")) {
            throw new IllegalStateException("seccomp was already set to " + describe(seccomp));
        }
        seccompSet = true;
        seccomp = profile;
        return this;
    }

    /** How the seccomp setting reads, for {@link Sandbox#describe()}. */
    String seccompDescription() {
        return seccompSet ? describe(seccomp) : "the default profile (" + describe(SeccompProfile.defaultProfile()) + ")";
    }

    private static String describe(SeccompProfile p) {
        return p == null ? "none" : p.rules().size() + " rules, default " + p.defaultAction();
    }

    /**
     * Capabilities the program keeps; all others are dropped, including from the bounding set.
     *
     * @param keep the capabilities to keep
     * @return this builder
     */
    public SandboxBuilder capabilities(Set<Capability> keep) {
        once("capabilities", capabilities);
        capabilities = Set.copyOf(keep);
        return this;
    }

    /**
     * {@code PR_SET_NO_NEW_PRIVS} (on by default): setuid binaries gain nothing.
     *
     * @param on true to turn it on, false to turn it off
     * @return this builder
     */
    public SandboxBuilder noNewPrivs(boolean on) {
        once("noNewPrivs", noNewPrivs);
        noNewPrivs = on;
        return this;
    }

    /**
     * An rlimit for every process of the sandbox; {@link ResourceLimit#UNLIMITED} for no limit. The hard
     * limit may not exceed the JVM's own unless it has CAP_SYS_RESOURCE and shares the user namespace.
     *
     * @param limit the resource
     * @param soft the soft limit
     * @param hard the hard limit, at least the soft one
     * @return this builder
     */
    public SandboxBuilder rlimit(ResourceLimit limit, long soft, long hard) {
        long[] prev = rlimits.get(limit);
        if (prev != null && !inherited.remove("rlimit " + limit)) {
            throw new IllegalStateException("rlimit " + limit.name().toLowerCase() + " was already set to "
                    + prev[0] + ":" + prev[1]);
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException("rlimit " + limit.name().toLowerCase() + ": soft limit "
                    + Long.toUnsignedString(soft) + " is above the hard limit " + Long.toUnsignedString(hard));
        }
        rlimits.put(limit, new long[] {soft, hard});
        return this;
    }

    /**
     * Total CPU time of the whole sandbox (every process, user+system), to the millisecond: measured on
     * the sandbox's cgroup (so it implies one, as {@link #accounting()}), the sandbox is killed when it
     * runs out and reported {@link SandboxStatus#TIMED_OUT} with {@link TimeoutKind#CPU_TIME}. Each
     * process also gets RLIMIT_CPU (whole seconds, rounded up) as a safety net. Without a cgroup
     * (rootless without delegation) {@code start()} fails, unless {@link #allowPerProcessCpuTimeLimit()}.
     *
     * <pre>{@code
     * Sandbox.builder().cpuTimeLimit(Duration.ofMillis(1500)).command("./solution").start();
     * }</pre>
     *
     * @param limit CPU time of the whole sandbox, positive
     * @return this builder
     */
    public SandboxBuilder cpuTimeLimit(Duration limit) {
        once("cpuTimeLimit", cpuTimeLimit);
        cpuTimeLimit = positive(limit, "cpuTimeLimit");
        return this;
    }

    /**
     * Where no cgroup can be created for a {@link #cpuTimeLimit} alone, enforce it per process with
     * RLIMIT_CPU (whole seconds, rounded up; each forked process gets its own) instead of failing.
     *
     * @return this builder
     */
    public SandboxBuilder allowPerProcessCpuTimeLimit() {
        cpuTimeFallback = true;
        return this;
    }

    /**
     * At most {@code limit} bytes of stdout and stderr together: the library counts as it reads the
     * pipes, delivers no more than the limit, kills the sandbox at the first byte past it and reports
     * {@link SandboxStatus#OUTPUT_LIMIT}; the JVM never holds more. A stream nobody reads holds at
     * most a pipe's capacity (the program blocks). For files use {@code rlimit(ResourceLimit.FSIZE, ...)},
     * whose SIGXFSZ is reported {@code OUTPUT_LIMIT} too.
     *
     * <pre>{@code
     * Sandbox.builder().outputLimit("64M").command("./solution").start();
     * }</pre>
     *
     * @param limit a size such as "64M": 1 byte to 4T
     * @return this builder
     */
    public SandboxBuilder outputLimit(String limit) {
        return outputLimit(parseSize("outputLimit", limit));
    }

    /**
     * {@link #outputLimit(String)}.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public SandboxBuilder outputLimit(MemorySize limit) {
        once("outputLimit", outputLimit);
        outputLimit = OutputLimitCheck.valid("outputLimit", limit);
        return this;
    }

    /**
     * Like {@link #outputLimit(String)}, for the stdout pipe alone.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public SandboxBuilder stdoutLimit(MemorySize limit) {
        once("stdoutLimit", stdoutLimit);
        stdoutLimit = OutputLimitCheck.valid("stdoutLimit", limit);
        return this;
    }

    /**
     * Like {@link #outputLimit(String)}, for the stderr pipe alone.
     *
     * @param limit 1 byte to 4T
     * @return this builder
     */
    public SandboxBuilder stderrLimit(MemorySize limit) {
        once("stderrLimit", stderrLimit);
        stderrLimit = OutputLimitCheck.valid("stderrLimit", limit);
        return this;
    }

    /**
     * Lets the program inherit this JVM's fd {@code fd}, at the same number; not a directory or O_PATH fd.
     *
     * @param fd an fd open in this JVM, 3 or more
     * @return this builder
     */
    public SandboxBuilder passFd(int fd) {
        if (fd < 3) {
            throw new IllegalArgumentException("passFd " + fd + ": fds 0-2 are stdio, set them with redirectInput/"
                    + "redirectOutput/redirectError");
        }
        if (passFds.contains(fd)) {
            throw new IllegalStateException("passFd " + fd + " was already given");
        }
        if (passFds.size() == MAX_PASSED_FDS) {
            throw new IllegalArgumentException("passFd " + fd + ": at most " + MAX_PASSED_FDS
                    + " fds can be passed (a launch's fds travel in one socket message)");
        }
        passFds.add(fd);
        return this;
    }

    private static MemorySize parseSize(String what, String size) {
        try {
            return MemorySize.parse(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates everything and returns a reusable, immutable sandbox definition.
     *
     * @return the sandbox definition, startable any number of times
     */
    public Sandbox build() {
        return build(LinuxSyscalls.INSTANCE.geteuid(), LinuxSyscalls.INSTANCE.getegid());
    }

    /** {@link #build()} for a caller with these effective ids (a seam for tests). */
    Sandbox build(int euid, int egid) {
        boolean rootless = euid != 0;
        Network net = NetworkChoice.resolve(network, namespaces.get(Namespace.NET), euid);
        EnumSet<Namespace> chosen = EnumSet.noneOf(Namespace.class);
        for (Namespace ns : Namespace.values()) {
            if (ns == Namespace.NET ? net.ownNamespace() : namespaces.getOrDefault(ns, true)) {
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
        boolean userNs = chosen.contains(Namespace.USER);
        CgroupSpec cgroup = PidSharedCgroup.require(cgroupSpec(), !chosen.contains(Namespace.PID));
        IdChecks.Resolved ids = IdChecks.resolve(userNs, rootless, euid, hostIdRange, hostIdsPerSandbox, idMap,
                uid, gid, cgroup != null && cgroup.limits().pids().isPresent(), rlimits);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        net.environment().forEach(kv -> environment.put(kv[0], kv[1]));
        environment.putAll(env);
        String dir = workDir == null ? null : checkAbsolute("workDir", workDir);
        MountPlan mounts = null;
        if (chosen.contains(Namespace.MOUNT)) {
            if (!chosen.contains(Namespace.PID) && !procConfigured) {
                // A fresh proc shows the pid namespace of its mounter, and a user namespace may not mount
                // one for the host's: the program sees the host's processes anyway, so bind /proc read-only.
                fs.bindReadOnly(Path.of("/proc"), "/proc");
            }
            mounts = fs.hostNetwork(!chosen.contains(Namespace.NET)).build();
        } else if (fsConfigured) {
            throw new IllegalStateException("filesystem settings (rootfs, bind, tmpfs, ...) need a mount namespace, "
                    + "but MOUNT is shared");
        }
        List<String> cmd = ProgramLookup.check(command, environment.get("PATH"), dir, mounts == null ? null : rootSource,
                mounts == null ? List.of() : mounts.steps());
        Duration grace = killGrace != null ? killGrace : Duration.ofSeconds(2);
        LaunchSpec spec = new LaunchSpec(cmd, chosen, host, rootless, ids.uid(), ids.gid(),
                rootless ? euid : -1, rootless ? egid : -1,
                userNs || uid != null || gid != null, environment, dir,
                stdin != null ? stdin : Redirect.PIPE, stdout != null ? stdout : Redirect.PIPE,
                stderr != null ? stderr : Redirect.PIPE, Boolean.TRUE.equals(redirectErrorStream), timeout, grace,
                mounts, cgroup, hardening(), ids.policy(), net,
                terminal.resolve(stdin != null || stdout != null || stderr != null || redirectErrorStream != null));
        LaunchChecks.check(spec, euid, LinuxSyscalls.INSTANCE); // fds, rlimits, execve size: what the kernel would refuse
        return StartTracking.derived(this, new Sandbox(spec, new SandboxBuilder(this)));
    }

    /**
     * {@code build().start()}.
     *
     * @return the running sandbox
     * @throws IOException when the sandbox could not be started ({@link SandboxStartException} names the step, errno and path)
     */
    public SandboxProcess start() throws IOException {
        return build().start();
    }

    LaunchSpec specForTest(int euid) {
        return build(euid, euid).spec();
    }

    private CgroupSpec cgroupSpec() {
        boolean wanted = limitsConfigured || Boolean.TRUE.equals(accounting);
        if (cpuTimeFallback && cpuTimeLimit == null) {
            throw new IllegalStateException("allowPerProcessCpuTimeLimit() is set but no cpuTimeLimit");
        }
        if (!wanted && cpuTimeLimit == null && cgroupParent != null) {
            throw new IllegalStateException("cgroupParent " + cgroupParent + " is set but no limit and no accounting()");
        }
        return wanted || cpuTimeLimit != null ? new CgroupSpec(limits.build(), cgroupParent, !wanted && cpuTimeFallback)
                : null;
    }

    private HardeningSpec hardening() {
        SeccompProfile profile = seccompSet ? seccomp : SeccompProfile.defaultProfile();
        Set<Capability> keep = capabilities != null ? capabilities : Set.of();
        boolean nnp = noNewPrivs == null || noNewPrivs;
        if (profile != null && !nnp && !keep.contains(Capability.CAP_SYS_ADMIN)) {
            throw new IllegalStateException("a seccomp filter needs noNewPrivs(true) or CAP_SYS_ADMIN kept; "
                    + "turn one on or use seccomp(null)");
        }
        Map<ResourceLimit, long[]> r = new TreeMap<>(rlimits);
        r.putIfAbsent(ResourceLimit.CORE, new long[] {0, 0}); // no core dumps of untrusted memory
        if (cpuTimeLimit != null) {
            if (rlimits.containsKey(ResourceLimit.CPU)) {
                throw new IllegalStateException("cpuTimeLimit " + cpuTimeLimit + " and rlimit cpu both set: use one");
            }
            r.put(ResourceLimit.CPU, CpuRlimit.of(cpuTimeLimit, cgroupSpec().optional()));
        }
        byte[] filter = profile == null ? null : SeccompCompiler.compile(profile); // once, not per start
        return new HardeningSpec(filter, Capability.mask(keep), nnp, r, passFds, cpuTimeLimit,
                profile != null && usesTrap(profile), OutputLimitCheck.check(stdoutLimit, stderrLimit, outputLimit,
                        stdout != null ? stdout : Redirect.PIPE, stderr != null ? stderr : Redirect.PIPE,
                        Boolean.TRUE.equals(redirectErrorStream)), workspaces);
    }

    private static boolean usesTrap(SeccompProfile p) {
        return p.resolve(p.defaultAction()).kind() == SeccompAction.Kind.TRAP
                || p.rules().stream().anyMatch(r -> p.resolve(r.action()).kind() == SeccompAction.Kind.TRAP);
    }

    private void once(String what, Object current) {
        if (current != null && !inherited.remove(what)) {
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

    private static String checkAbsolute(String what, String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + path + "' must be an absolute path without NUL");
        }
        return path;
    }

}
