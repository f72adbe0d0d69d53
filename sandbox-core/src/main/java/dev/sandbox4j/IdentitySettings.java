package dev.sandbox4j;

import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link SandboxBuilder}'s settings of who the program is and what it shares with the host:
 * namespaces, network, hostname, and the ids inside and on the host.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class IdentitySettings<B extends IdentitySettings<B>> extends ProcessSettings<B> {
    private final Map<Namespace, Boolean> namespaces = new EnumMap<>(Namespace.class);
    private String hostname;
    private Network network;
    private Integer uid;
    private Integer gid;
    private long[] hostIdRange;
    private Long hostIdsPerSandbox;
    private final List<IdMap.Extent> idMap = new ArrayList<>();

    IdentitySettings(SandboxRuntime runtime) {
        super(runtime);
    }

    IdentitySettings(IdentitySettings<?> base) {
        super(base);
        namespaces.putAll(base.namespaces);
        namespaces.keySet().forEach(ns -> inherited.add("namespace " + ns));
        hostname = inherit("hostname", base.hostname);
        network = inherit("network", base.network);
        uid = inherit("uid", base.uid);
        gid = inherit("gid", base.gid);
        hostIdRange = inherit("hostIdRange", base.hostIdRange);
        hostIdsPerSandbox = inherit("hostIdsPerSandbox", base.hostIdsPerSandbox);
        idMap.addAll(base.idMap);
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Identity identity() {
        return new SpecRequest.Identity(namespaces, hostname, network, uid, gid,
                hostIdRange == null ? null : hostIdRange.clone(), hostIdsPerSandbox, idMap);
    }

    /**
     * The sandbox's network (default {@link Network#none()}: only {@code lo}). {@link Network#host()} is the same as
     * {@code share(Namespace.NET)}; setting both to different things is refused by {@code build()}.
     *
     * @param network none, host, or egress, with or without published ports
     * @return this builder
     */
    public B network(Network network) {
        this.network = once("network", this.network, Objects.requireNonNull(network, "network"));
        return self();
    }

    /**
     * Lets the program use the host's namespaces of these types instead of new ones. A sandbox sharing
     * {@link Namespace#PID} always gets a cgroup (one without limits unless some are set), so nothing it starts
     * outlives it; where no cgroup can be made, {@code build()} refuses and says why.
     *
     * @param shared the namespace types to share with the host
     * @return this builder
     */
    public B share(Namespace... shared) {
        for (Namespace ns : shared) {
            Boolean prev = namespaces.putIfAbsent(ns, false);
            if (prev != null && !inherited.remove("namespace " + ns)) {
                throw new IllegalStateException(ns.procName() + " namespace was already set to "
                        + (prev ? "new" : "shared"));
            }
        }
        return self();
    }

    /**
     * The hostname inside (default {@code sandbox}); at most 64 bytes, no '/'.
     *
     * @param hostname the hostname, 1 to 64 bytes without '/'
     * @return this builder
     */
    public B hostname(String hostname) {
        this.hostname = once("hostname", this.hostname, Objects.requireNonNull(hostname, "hostname"));
        return self();
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
    public B hostIdRange(long first, long count) {
        once("hostIdRange", hostIdRange == null ? null : hostIdRange[0] + ":" + hostIdRange[1]);
        hostIdRange = new long[] {first, count};
        return self();
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
    public B hostIdsPerSandbox(long n) {
        hostIdsPerSandbox = once("hostIdsPerSandbox", hostIdsPerSandbox, n);
        return self();
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
    public B idMap(long inside, long host, long count) {
        idMap.add(new IdMap.Extent(inside, host, count));
        return self();
    }

    /**
     * The uid the program runs as inside (default 0).
     *
     * @param uid the uid inside
     * @return this builder
     */
    public B uid(int uid) {
        this.uid = once("uid", this.uid, uid);
        return self();
    }

    /**
     * The gid the program runs as inside (default 0).
     *
     * @param gid the gid inside
     * @return this builder
     */
    public B gid(int gid) {
        this.gid = once("gid", this.gid, gid);
        return self();
    }
}
