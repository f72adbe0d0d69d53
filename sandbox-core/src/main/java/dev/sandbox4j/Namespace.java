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
    USER(0x10000000L, "user"),
    PID(0x20000000L, "pid"),
    MOUNT(0x00020000L, "mnt"),
    NET(0x40000000L, "net"),
    UTS(0x04000000L, "uts"),
    IPC(0x08000000L, "ipc"),
    CGROUP(0x02000000L, "cgroup"),
    TIME(0x00000080L, "time");

    private final long cloneFlag;
    private final String procName;

    Namespace(long cloneFlag, String procName) {
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    /** The {@code CLONE_NEW*} flag. */
    public long cloneFlag() {
        return cloneFlag;
    }

    /** The link name under {@code /proc/<pid>/ns/}. */
    public String procName() {
        return procName;
    }
}
