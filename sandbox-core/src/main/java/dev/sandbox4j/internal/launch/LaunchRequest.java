package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.ShimWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A launch request for the shim server (see {@code server.h}; numbers from {@code wire.def}): the slot each
 * attached fd takes. The fds travel beside it as SCM_RIGHTS, in the order
 * of {@link #fds()}.
 *
 * @param slots the number each fd gets (0, 1, 2, the shim's fixed fds, passed fds)
 * @param fds   the JVM's fds, in the same order
 * @param spare the ids the server clones its next spare init as
 */
record LaunchRequest(int[] slots, int[] fds, LaunchIds spare) {
    static final int MAGIC = ShimWire.REQUEST_MAGIC, VERSION = ShimWire.REQUEST_VERSION;
    /** The kernel's SCM_MAX_FD: at most this many fds per message. */
    static final int MAX_FDS = ShimWire.REQUEST_MAX_FDS;

    /** @param placement slot to the JVM's fd */
    static LaunchRequest of(Map<Integer, Integer> placement, LaunchIds spare) {
        if (placement.size() > MAX_FDS) {
            throw new IllegalArgumentException(placement.size() + " fds for one sandbox; at most " + MAX_FDS
                    + " fit one launch request (stdio, 3 of the shim's and the passed fds)");
        }
        int[] order = new int[placement.size()], fds = new int[placement.size()];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : placement.entrySet()) {
            order[i] = e.getKey();
            fds[i++] = e.getValue();
        }
        return new LaunchRequest(order, fds, spare);
    }

    /** The message bytes: magic, version, fd count, the next spare's uid, gid and NPROC, each fd's slot. */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(ShimWire.REQUEST_HEADER + 4 * slots.length).order(ByteOrder.nativeOrder());
        b.putInt(MAGIC).putInt(VERSION).putInt(slots.length);
        b.putInt(spare.spareUid()).putInt(spare.spareGid()).putLong(spare.spareNproc());
        for (int slot : slots) {
            b.putInt(slot);
        }
        return b.array();
    }
}
