package dev.sandbox4j.internal.ids;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An explicit id map from {@code idMap(inside, host, count)} entries, applied to uids and gids alike,
 * checked before anything is spawned.
 *
 * @param extents sorted by inside id
 */
public record IdMap(List<Extent> extents) {
    /** Host ids {@code host..host+count-1} are inside ids {@code inside..inside+count-1}. */
    public record Extent(long inside, long host, long count) {
        long insideEnd() {
            return inside + count - 1;
        }

        long hostEnd() {
            return host + count - 1;
        }

        @Override
        public String toString() {
            return "idMap(" + inside + ", " + host + ", " + count + ")";
        }
    }

    private static final long MAX_ID = 0xfffffffeL;
    private static final int MAX_EXTENTS = 340; // the kernel's limit per uid_map

    /**
     * @param root  whether the caller is root: then it may map any host id but 0
     * @param sub   rootless: the caller's subordinate ids (null: none, and then no idMap)
     * @param euid  the caller's uid: rootless, an extent of count 1 on it maps its uid and gid
     */
    public static IdMap check(List<Extent> entries, boolean root, long euid, SubIds sub, String probeHint) {
        if (!root && sub == null) {
            throw new IllegalStateException("idMap needs subordinate ids when not running as root: " + probeHint);
        }
        if (entries.size() > MAX_EXTENTS) {
            throw new IllegalArgumentException(entries.size() + " idMap entries: the kernel takes at most " + MAX_EXTENTS);
        }
        for (Extent e : entries) {
            if (e.count() < 1 || e.count() > MAX_ID + 1) {
                throw new IllegalArgumentException(e + ": count " + e.count() + " is out of range: use 1.." + (MAX_ID + 1));
            }
            if (e.inside() < 0 || e.insideEnd() > MAX_ID || e.host() < 0 || e.hostEnd() > MAX_ID) {
                throw new IllegalArgumentException(e + " is out of range: inside and host ids must lie in 0.." + MAX_ID);
            }
            if (root && e.host() == 0) {
                throw new IllegalArgumentException(e + " maps the host's root: a sandbox must never be host root");
            }
            if (!root) {
                boolean own = e.host() == euid && e.count() == 1;
                boolean subordinate = sub != null && e.host() >= sub.uidStart()
                        && e.hostEnd() < sub.uidStart() + sub.count();
                if (!own && !subordinate) {
                    throw new IllegalArgumentException(e + " maps host ids this caller may not map: rootless, only its "
                            + "own uid " + euid + " (count 1)" + " and its subordinate ids "
                            + sub.uidStart() + ".." + (sub.uidStart() + sub.count() - 1));
                }
            }
        }
        List<Extent> sorted = new ArrayList<>(entries);
        overlap(sorted, Comparator.comparingLong(Extent::inside), true);
        overlap(sorted, Comparator.comparingLong(Extent::host), false);
        sorted.sort(Comparator.comparingLong(Extent::inside));
        IdMap map = new IdMap(List.copyOf(sorted));
        if (!map.maps(0)) {
            throw new IllegalArgumentException("idMap entries " + entries + " leave inside id 0 unmapped: the "
                    + "sandbox's init runs as root inside; map 0");
        }
        return map;
    }

    private static void overlap(List<Extent> list, Comparator<Extent> by, boolean inside) {
        list.sort(by);
        for (int i = 1; i < list.size(); i++) {
            Extent a = list.get(i - 1), b = list.get(i);
            if ((inside ? b.inside() <= a.insideEnd() : b.host() <= a.hostEnd())) {
                throw new IllegalArgumentException(a + " and " + b + " overlap in their " + (inside ? "inside" : "host")
                        + " ids");
            }
        }
    }

    public boolean maps(long inside) {
        return extents.stream().anyMatch(e -> inside >= e.inside() && inside <= e.insideEnd());
    }

    /** The extent holding root inside. */
    public Extent root() {
        return extents.get(0); // sorted, and check() made sure it starts at 0
    }

    /** The uid_map / gid_map text (root writes it). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        extents.forEach(e -> sb.append(e.inside()).append(' ').append(e.host()).append(' ').append(e.count())
                .append('\n'));
        return sb.toString();
    }

    /**
     * newuidmap's (or newgidmap's) arguments after the pid: rootless, the caller's own uid stands for its
     * gid in the gid map, and subordinate uids for the subordinate gids at the same offset.
     */
    public List<String> helperArgs(boolean gids, long euid, long egid, SubIds sub) {
        List<String> args = new ArrayList<>();
        for (Extent e : extents) {
            long host = e.host();
            if (gids) {
                host = host == euid && e.count() == 1 ? egid : host - sub.uidStart() + sub.gidStart();
            }
            args.add(Long.toString(e.inside()));
            args.add(Long.toString(host));
            args.add(Long.toString(e.count()));
        }
        return args;
    }
}
