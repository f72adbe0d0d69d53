package dev.sandbox4j.internal.spec;

import dev.sandbox4j.ResourceLimit;

import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.ids.IdPolicy;
import java.util.List;
import java.util.Map;
import dev.sandbox4j.internal.ids.SubIds;

/** Checks of the ids a program runs as inside, against what the sandbox maps. */
public final class IdChecks {
    private IdChecks() {}

    private static final long MAX_INSIDE = Integer.MAX_VALUE; // what setresuid and friends take as an id everywhere

    /**
     * @param id       from {@code uid(n)} / {@code gid(n)}; null for 0
     * @param rootless whether only the rootless caller's one id is mapped (to any single id inside)
     * @param mapped   how many ids the user namespace maps, from 0 (as root with one)
     */
    /**
     * The ids a sandbox's spec carries.
     *
     * @param policy null without a user namespace, and rootless without subordinate ids
     */
    public record Resolved(IdPolicy policy, int uid, int gid) {}

    /** Resolves and checks every id setting of a builder (null: not set). */
    public static Resolved resolve(boolean userNs, boolean rootless, int euid, long[] hostIdRange, Long hostIdsPerSandbox,
            List<IdMap.Extent> idMap, Integer uid, Integer gid, boolean pidsLimited,
            Map<ResourceLimit, long[]> rlimits) {
        if ((rootless || !userNs) && (hostIdRange != null || hostIdsPerSandbox != null)) {
            throw new IllegalStateException("hostIdRange/hostIdsPerSandbox apply to sandboxes started as root with "
                    + "a user namespace" + (rootless ? "; this caller is euid " + euid : "; USER is shared"));
        }
        IdPolicy ids = !userNs ? null : rootless ? rootless(euid)
                : IdPolicy.resolve(hostIdRange, hostIdsPerSandbox, pidsLimited, rlimits);
        long mapped = ids != null ? ids.perSandbox() : rootless ? 1 : 0x100000000L;
        if (!idMap.isEmpty()) {
            if (!userNs || hostIdsPerSandbox != null || hostIdRange != null) {
                throw new IllegalStateException("idMap needs a user namespace and replaces hostIdRange/hostIdsPerSandbox");
            }
            ids = withMap(ids, idMap, rootless, euid, uid, gid);
            mapped = 0x100000000L; // checked against the map itself
        }
        return new Resolved(ids, inside("uid", uid, rootless && ids == null, mapped),
                inside("gid", gid, rootless && ids == null, mapped));
    }

    /** Rootless: the caller's subordinate ids when it has them and the helpers are there, else null. */
    static IdPolicy rootless(int euid) {
        return SubIds.find(euid, System.getProperty("user.name")) instanceof SubIds.Found f
                ? IdPolicy.rootless(f.ids()) : null;
    }

    /** Rootless or as root: the caller's own map; the program's ids must be among the ids it maps. */
    static IdPolicy withMap(IdPolicy policy, List<IdMap.Extent> entries, boolean rootless, int euid, Integer uid,
            Integer gid) {
        String hint = rootless ? SubIds.describe(false, euid, System.getProperty("user.name")) : "";
        IdMap map = IdMap.check(entries, !rootless, Integer.toUnsignedLong(euid), policy == null ? null : policy.sub(),
                hint);
        for (Object[] id : new Object[][] {{"uid", uid}, {"gid", gid}}) {
            if (id[1] != null && !map.maps(Integer.toUnsignedLong((Integer) id[1]))) {
                throw new IllegalArgumentException(id[0] + " " + Integer.toUnsignedString((Integer) id[1])
                        + " is not mapped by " + map.extents());
            }
        }
        return policy.withMap(map);
    }

    static int inside(String what, Integer id, boolean rootless, long mapped) {
        if (id == null) {
            return 0;
        }
        long value = Integer.toUnsignedLong(id);
        long max = rootless ? 65534 : Math.min(MAX_INSIDE, mapped - 1);
        if (value > MAX_INSIDE) {
            throw new IllegalArgumentException(what + " " + value + " is above 2147483647 (2^31-1), which no id "
                    + "may exceed: use 0.." + max);
        }
        if (value > max) {
            throw new IllegalArgumentException(what + " " + value + " is not mapped: use 0.." + max
                    + (rootless ? " when not running as root without subordinate ids (see Sandbox.probe())"
                            : " (the sandbox maps " + mapped + " ids; raise hostIdsPerSandbox for more)"));
        }
        return id;
    }
}
