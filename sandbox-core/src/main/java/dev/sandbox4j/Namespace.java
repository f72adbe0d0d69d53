package dev.sandbox4j;

/**
 * The Linux namespaces a sandbox can give its program. {@link Sandbox#builder()}
 * creates all of them unless told to share one with the host:
 *
 * <pre>{@code
 * Sandbox.builder().share(Namespace.NET)   // the program uses the host's network
 * }</pre>
 */
public enum Namespace {
    /** User and group ids: root inside, nobody (or the caller) outside. */
    USER(0x10000000L, "user"),
    /** Process ids: the sandbox's init is PID 1. */
    PID(0x20000000L, "pid"),
    /** The mount table: a private root and /proc. */
    MOUNT(0x00020000L, "mnt"),
    /** Network devices, addresses and ports: only {@code lo}. */
    NET(0x40000000L, "net"),
    /** Hostname and domain name. */
    UTS(0x04000000L, "uts"),
    /** System V IPC and POSIX message queues. */
    IPC(0x08000000L, "ipc"),
    /** The view of the cgroup hierarchy. */
    CGROUP(0x02000000L, "cgroup"),
    /** The monotonic and boot-time clocks' offsets. */
    TIME(0x00000080L, "time");

    private final long cloneFlag;
    private final String procName;

    Namespace(long cloneFlag, String procName) {
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    /**
     * The {@code CLONE_NEW*} flag.
     *
     * @return the flag
     */
    public long cloneFlag() {
        return cloneFlag;
    }

    /**
     * The link name under {@code /proc/<pid>/ns/}.
     *
     * @return the name, e.g. {@code "mnt"}
     */
    public String procName() {
        return procName;
    }
}
