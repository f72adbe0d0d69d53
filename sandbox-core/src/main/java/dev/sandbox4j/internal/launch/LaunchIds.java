package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.HostIds;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.internal.ids.HostIdPool;
import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.ids.IdPolicy;
import java.io.IOException;
import java.util.List;

/**
 * The host ids of one launch: the sandbox's (null without a user
 * namespace) and the ids the shim server clones its next spare init as.
 *
 * @param ids       what the user namespace maps to
 * @param spareUid  the next spare's creator uid; {@link #SERVER} for the server's own ids
 * @param spareGid  likewise
 * @param spareNproc the next spare's RLIMIT_NPROC; -1 for none
 */
record LaunchIds(HostIds ids, int spareUid, int spareGid, long spareNproc) {
    /** The creator "as the server is" ({@code CREATOR_SERVER} in creator.h; the number is in wire.def). */
    static final int SERVER = dev.sandbox4j.internal.plan.ShimWire.REQUEST_CREATOR_SERVER;

    /** Takes a range as root; adds to {@code releases} what gives it back once the sandbox is gone. */
    static LaunchIds of(LaunchSpec spec, SandboxRuntime runtime, List<SandboxResources.Release> releases)
            throws IOException {
        if (!spec.has(Namespace.USER)) {
            return new LaunchIds(null, SERVER, SERVER, -1);
        }
        if (spec.rootless()) { // with subordinate ids too: this is root inside's (they follow at 1..)
            return new LaunchIds(new HostIds(Integer.toUnsignedLong(spec.hostUid()),
                    Integer.toUnsignedLong(spec.hostGid()), 1), SERVER, SERVER, -1);
        }
        HostIdPool pool = runtime.hostIdPool();
        IdPolicy policy = spec.idPolicy();
        if (policy.map() != null) { // the caller's own map: its host ranges are locked like allocated ones
            List<HostIds> locked = pool.takeExplicit(policy.map());
            releases.add(() -> {
                for (HostIds h : locked) {
                    pool.release(h);
                }
            });
            IdMap.Extent root = policy.map().root();
            return new LaunchIds(new HostIds(root.host(), root.host(), root.count()), SERVER, SERVER, -1);
        }
        HostIdPool.Lease lease = pool.take(policy);
        releases.add(() -> pool.release(lease.ids()));
        HostIds next = lease.next();
        return next == null ? new LaunchIds(lease.ids(), SERVER, SERVER, -1)
                : new LaunchIds(lease.ids(), IdPolicy.u32(next.uid()), IdPolicy.u32(next.gid()), policy.processCap());
    }
}
