package dev.sandbox4j.internal.plan;

/**
 * Op codes of the launch plan; mirror of {@code src/main/c/plan.h}, which
 * documents each payload. The high byte names the shim role applying it.
 */
public final class OpCode {
    private OpCode() {}

    public static final int MAGIC = 0x504a3453; // "S4JP"
    public static final int VERSION = 1;

    // outer role
    public static final int CLONE = 0x101;
    public static final int UID_MAP = 0x102;
    public static final int GID_MAP = 0x103;
    public static final int SETGROUPS_DENY = 0x104;
    public static final int CGROUP_JOIN = 0x105;
    public static final int HOST_IDS = 0x106;
    public static final int ID_MAP_HELPER = 0x107;
    public static final int NET_HELPER = 0x110;
    public static final int NET_VETH = 0x111;
    public static final int NET_USERNS = 0x112;

    // init role
    public static final int UNSHARE = 0x201;
    public static final int SETHOSTNAME = 0x202;
    public static final int LOOPBACK_UP = 0x203;
    public static final int MOUNT = 0x204;
    public static final int SET_NAME = 0x205;
    public static final int INIT_IDS = 0x206;
    public static final int TRACE_TRAPS = 0x207;
    public static final int PTY = 0x20c;
    public static final int JOIN = 0x20d;
    public static final int NET_LISTEN = 0x210;
    public static final int NET_SOCKETS = 0x211;
    public static final int NET_ADDR = 0x212;
    /** Filesystem ops (mounts.c) live in {@code FS_FIRST..FS_LAST}. */
    public static final int FS_FIRST = 0x220;
    public static final int FS_LAST = 0x23f;

    // target role
    public static final int SETSID = 0x301;
    public static final int CHDIR = 0x302;
    public static final int CLEAR_GROUPS = 0x303;
    public static final int SET_IDS = 0x304;
    public static final int RLIMIT = 0x305;
    public static final int NO_NEW_PRIVS = 0x306;
    public static final int CAPS = 0x307;
    public static final int SECCOMP = 0x308;
    public static final int DUP_FD = 0x309;
    public static final int CLOSE_FDS = 0x30a;
    public static final int EXEC = 0x30b;
    public static final int SET_CTTY = 0x30c;

    /** Slots of a launch request (see {@code plan.h}): the plan, status and control pipes. */
    public static final int FD_PLAN = 3;
    public static final int FD_STATUS = 4;
    public static final int FD_SHIM = 5;
    public static final int FD_CONTROL = 6;
    /** In the init: the unix socket the JVM gets sockets of the sandbox's network namespace over. */
    public static final int FD_NET = 9;
    /** The shim server's socket when Java spawns it ({@code server.h}). */
    public static final int FD_SERVER_SOCKET = 3;
    /** As root, the host id lock file the server holds ({@code server.h}). */
    public static final int FD_SERVER_ID_LOCKS = 4;
    public static final int FD_FIRST_PASSED = 10;
}
