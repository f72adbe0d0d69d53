package dev.sandbox4j.internal.ids;

import dev.sandbox4j.ResourceLimit;
import java.util.Map;

/**
 * How a sandbox started as root gets its host ids: a range of
 * {@code perSandbox} consecutive ids out of the host range
 * {@code rangeFirst..rangeFirst+rangeCount-1} (see {@link HostIdPool}), and
 * the cap on its processes that the kernel applies to those ids.
 *
 * <p>The default host range starts at 2^31 (2147483648): every id below is
 * claimed by some convention (systemd: 0-999 system users, 1000-60000
 * regular users, 60001-60513 portable services, 61184-65519 dynamic users,
 * 65534 nobody, 524288-1879048191 nspawn containers, 1879048192-2147352575
 * systemd-nsresourced, 2147352576-2147418111 its "foreign" range; shadow's
 * useradd hands out /etc/subuid ranges from 100000 up to 600100000; isolate
 * gives box N the uid 60000+N), while none claims the upper half. systemd
 * warns that some host tools treat ids as signed: only the host ever sees
 * these numbers, inside they are 0..N-1.
 *
 * @param rangeFirst first host id of the library's range
 * @param rangeCount how many ids the range holds
 * @param perSandbox how many ids each sandbox gets (1..2^32-1), mapped to 0..perSandbox-1 inside
 * @param processCap RLIMIT_NPROC the namespace is created with (its processes, the init included); -1 for none
 * @param sub        rootless only: the caller's subordinate ids mapped beside it (then the other fields are unused
 *                   but perSandbox, the ids mapped from 0); null as root
 * @param map        the caller's own map ({@code idMap(...)}) in place of an allocated range; null for none
 */
public record IdPolicy(long rangeFirst, long rangeCount, long perSandbox, long processCap, SubIds sub, IdMap map) {
    /** Rootless with subordinate ids: the caller at 0, {@code sub} at 1..count. */
    public static IdPolicy rootless(SubIds sub) {
        return new IdPolicy(0, 0, sub.count() + 1, -1, sub, null);
    }

    /** This policy with the caller's own map. */
    public IdPolicy withMap(IdMap m) {
        return new IdPolicy(rangeFirst, rangeCount, perSandbox, processCap, sub, m);
    }

    public static final long DEFAULT_FIRST = 1L << 31;
    /** Up to 4294836223: the last 65536-aligned block below (uid_t) -1 stays free. */
    public static final long DEFAULT_COUNT = 0xfffe0000L - DEFAULT_FIRST;
    public static final long DEFAULT_PER_SANDBOX = 65536;
    /** Processes a sandbox's program may have at once unless {@code pids(...)} or an NPROC rlimit says otherwise. */
    public static final long DEFAULT_PROCESS_CAP = 1024;
    /** {@code FIRST:COUNT}, the host range for every sandbox of the JVM that sets none itself. */
    public static final String RANGE_PROPERTY = "sandbox4j.hostIdRange";
    /** The ids per sandbox for every sandbox of the JVM that sets none itself. */
    public static final String PER_SANDBOX_PROPERTY = "sandbox4j.hostIdsPerSandbox";
    private static final long MAX_ID = 0xfffffffeL; // (uid_t) -1 is no id

    /**
     * Resolves the builder's settings (null: not set) against the system
     * properties and defaults, and checks them.
     *
     * @param range      {first, count} from {@code hostIdRange}, or null
     * @param perSandbox from {@code hostIdsPerSandbox}, or null
     * @param pidsLimited whether a cgroup pids limit was set
     */
    public static IdPolicy resolve(long[] range, Long perSandbox, boolean pidsLimited,
            Map<ResourceLimit, long[]> rlimits) {
        long first = DEFAULT_FIRST, count = DEFAULT_COUNT;
        String where = "hostIdRange";
        if (range == null && System.getProperty(RANGE_PROPERTY) != null) {
            range = parseRange(System.getProperty(RANGE_PROPERTY));
            where = "system property " + RANGE_PROPERTY;
        }
        if (range != null) {
            first = range[0];
            count = range[1];
            if (first < 1 || count < 1 || first > MAX_ID || count > MAX_ID - first + 1) {
                throw new IllegalArgumentException(where + " " + first + ":" + count + " is out of range: the ids "
                        + "first..first+count-1 must lie in 1.." + MAX_ID + " (count at least 1)");
            }
        }
        long per = DEFAULT_PER_SANDBOX;
        String perWhere = "hostIdsPerSandbox";
        if (perSandbox == null && System.getProperty(PER_SANDBOX_PROPERTY) != null) {
            perWhere = "system property " + PER_SANDBOX_PROPERTY;
            try {
                perSandbox = Long.parseLong(System.getProperty(PER_SANDBOX_PROPERTY).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(perWhere + " '" + System.getProperty(PER_SANDBOX_PROPERTY)
                        + "' is not a number: use 1.." + (MAX_ID + 1), e);
            }
        }
        if (perSandbox != null) {
            per = checkCount(perWhere, perSandbox);
        }
        if (per > count) {
            throw new IllegalArgumentException(perWhere + " " + per + " is larger than the host id range " + first
                    + ":" + count + " it is taken from: lower it or widen " + RANGE_PROPERTY);
        }
        return new IdPolicy(first, count, per, processCap(pidsLimited, rlimits), null, null);
    }

    /** A count of ids: 1..2^32-1 (a user namespace maps at most that many). */
    public static long checkCount(String what, long n) {
        if (n < 1 || n > MAX_ID + 1) {
            throw new IllegalArgumentException(what + " " + n + " is out of range: use 1.." + (MAX_ID + 1));
        }
        return n;
    }

    private static long processCap(boolean pidsLimited, Map<ResourceLimit, long[]> rlimits) {
        long[] nproc = rlimits.get(ResourceLimit.NPROC);
        if (nproc != null) {
            return nproc[0] < 0 || nproc[0] == Long.MAX_VALUE ? -1 : nproc[0] + 1; // + the init
        }
        return pidsLimited ? -1 : DEFAULT_PROCESS_CAP + 1;
    }

    static long[] parseRange(String s) {
        int colon = s.indexOf(':');
        try {
            if (colon > 0) {
                return new long[] {Long.parseLong(s.substring(0, colon).trim()),
                    Long.parseLong(s.substring(colon + 1).trim())};
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("system property " + RANGE_PROPERTY + " '" + s
                + "' is not FIRST:COUNT (e.g. 2147483648:1073741824)");
    }

    /** The host ids, unsigned, as the u32 the plan carries. */
    public static int u32(long id) {
        return (int) id;
    }
}
