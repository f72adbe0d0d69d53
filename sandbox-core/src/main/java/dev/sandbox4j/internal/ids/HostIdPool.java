package dev.sandbox4j.internal.ids;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.sys.OfdLocks;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out host id ranges to sandboxes started as root, so that no two
 * running sandboxes share an id, on this JVM or any other on the host.
 *
 * <p>Every JVM locks the ranges it uses in one file, {@link #LOCK_FILE}, with
 * byte-range OFD locks: byte {@code n} stands for host id {@code n}. The locks
 * belong to one open file description, which the JVM's shim server also
 * holds (it gets it when spawned) and keeps until it exits, after it reaped
 * every init. A range is unlocked when its sandbox's result is complete, that
 * is when its init was reaped and with it every process of its pid
 * namespace; and if the JVM dies, the locks stay until its server has killed
 * and reaped every sandbox. Within the JVM the ranges in use are tracked
 * here, since one open file never conflicts with itself.
 *
 * <p>The next sandbox's range is reserved ahead ({@link Lease#next()}): the
 * shim server clones its spare init as those ids.
 */
public final class HostIdPool {
    public static final String LOCK_FILE = "/run/sandbox4j/host-ids.lock";
    private static volatile HostIdPool shared;

    private final Syscalls sys;
    private final Path lockFile;
    private int fd = -1;
    private final TreeMap<Long, Long> held = new TreeMap<>(); // first id -> count, this JVM's ranges
    private HostIds reserved; // for the next sandbox (the spare init has its ids)
    private IdPolicy reservedFor;
    private long cursor; // where the next search starts: a freed range is not reused at once

    /**
     * A sandbox's range, and the range reserved for the one after it.
     *
     * @param ids  this sandbox's
     * @param next the next sandbox's, or null when none could be reserved
     */
    public record Lease(HostIds ids, HostIds next) {}

    HostIdPool(Syscalls sys, Path lockFile) {
        this.sys = sys;
        this.lockFile = lockFile;
    }

    public static HostIdPool shared(Syscalls sys) {
        HostIdPool p = shared;
        if (p == null) {
            synchronized (HostIdPool.class) {
                if ((p = shared) == null) {
                    shared = p = new HostIdPool(sys, Path.of(LOCK_FILE));
                }
            }
        }
        return p;
    }

    /** The open lock file, for the shim server to hold. */
    public synchronized int lockFd() throws IOException {
        if (fd < 0) {
            Files.createDirectories(lockFile.getParent());
            fd = sys.open(lockFile.toString(), Syscalls.O_RDWR | Syscalls.O_CREAT | Syscalls.O_CLOEXEC, 0600);
        }
        return fd;
    }

    /** A range for a sandbox about to start; release it when every process of it is gone. */
    public synchronized Lease take(IdPolicy policy) throws IOException {
        HostIds ids;
        if (reserved != null && policy.equals(reservedFor)) {
            ids = reserved;
        } else {
            if (reserved != null) {
                release(reserved);
            }
            ids = allocate(policy);
        }
        reserved = null;
        try {
            reserved = allocate(policy);
            reservedFor = policy;
        } catch (SandboxStartException e) {
            reservedFor = null; // no spare this time; the sandbox itself has its range
        }
        return new Lease(ids, reserved);
    }

    /** Locks each host extent of a caller's own map; all or none. */
    public synchronized List<HostIds> takeExplicit(IdMap map) throws IOException {
        int lock = lockFd();
        List<HostIds> taken = new ArrayList<>();
        for (IdMap.Extent e : map.extents()) {
            if (overlapsHeld(e.host(), e.count()) || !OfdLocks.tryLock(lock, e.host(), e.count())) {
                for (HostIds h : taken) {
                    release(h);
                }
                throw new SandboxStartException("host ids", "host ids " + e.host() + ".." + (e.host() + e.count() - 1)
                        + " of " + e + " are in use by another running sandbox (" + LOCK_FILE + ")",
                        (Throwable) null);
            }
            held.put(e.host(), e.count());
            taken.add(new HostIds(e.host(), e.host(), e.count()));
        }
        return taken;
    }

    public synchronized void release(HostIds ids) throws SyscallException {
        if (held.remove(ids.uid()) != null) {
            OfdLocks.unlock(fd, ids.uid(), ids.count());
        }
    }

    private HostIds allocate(IdPolicy p) throws IOException {
        int lock = lockFd();
        long slots = p.rangeCount() / p.perSandbox();
        int busy = 0;
        for (long i = 0; i < slots; i++) {
            long slot = (cursor + i) % slots;
            long first = p.rangeFirst() + slot * p.perSandbox();
            if (overlapsHeld(first, p.perSandbox())) {
                busy++;
                continue;
            }
            if (OfdLocks.tryLock(lock, first, p.perSandbox())) {
                held.put(first, p.perSandbox());
                cursor = slot + 1;
                return new HostIds(first, first, p.perSandbox());
            }
        }
        throw new SandboxStartException("host ids", "no free range of " + p.perSandbox() + " host ids left in "
                + p.rangeFirst() + ".." + (p.rangeFirst() + p.rangeCount() - 1) + ": all " + slots
                + " are held by running sandboxes (" + busy + " of this JVM, the rest of other processes locking "
                + LOCK_FILE + "); wait for some to end, lower " + IdPolicy.PER_SANDBOX_PROPERTY
                + " or widen " + IdPolicy.RANGE_PROPERTY, (Throwable) null);
    }

    private boolean overlapsHeld(long first, long count) {
        Map.Entry<Long, Long> below = held.floorEntry(first + count - 1);
        return below != null && below.getKey() + below.getValue() > first;
    }
}
