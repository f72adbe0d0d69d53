package dev.sandbox4j.internal.pool;

/**
 * Op codes and channel records of a pooled sandbox's init. C mirror:
 * {@code pool.h}, where each op's payload is described. Keep both in step.
 */
final class PoolOps {
    private PoolOps() {}

    static final int HOME = 0x240;
    static final int EMPTY = 0x241;
    static final int MOUNTS = 0x242;
    static final int UTS = 0x243;
    static final int NEW_IPC = 0x244;
    static final int SERVE = 0x245;
    static final int RUN_CGROUP = 0x248;
    static final int RUN_FILE = 0x249;

    /** Channel record: the reset is done. */
    static final int READY = 0x50;
    /** Channel record: the reset failed (errno, step, detail); the init is gone. */
    static final int FAILED = 2;

    /** Where the preparation places the channel and its own groups' cgroup.procs fds in the init. */
    static final int CHANNEL_SLOT = 19;
    static final int HOME_SLOT = 20;
    /** Where a run places its group's cgroup.procs fds. */
    static final int RUN_GROUP_SLOT = 10;
}
