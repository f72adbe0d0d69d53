package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that waits for every sandbox of this JVM: epoll over the
 * sandboxes' status pipes (their hang-up is the end) plus an eventfd for
 * wake-ups, and a timer queue for timeouts and kill grace periods. No
 * thread per sandbox.
 *
 * <p>Work that may block (cgroup cleanup, user callbacks) goes to
 * {@link #worker()}, a pool whose threads exist only while there is work.
 */
final class Reaper implements Runnable {
    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());
    private static final long WAKE_KEY = 0;
    private static volatile Reaper instance;

    private final Syscalls sys;
    private final int epfd;
    private final int wakeFd;
    private final AtomicLong keys = new AtomicLong();
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final MemorySegment eventBuf = Arena.ofAuto().allocate(8);
    private final ExecutorService worker = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> daemon(r, "sandbox4j-worker"));

    /** Called on the reaper thread, once, when the watched fd reports the events asked for. */
    interface Watched {
        void exited();
    }

    private record Timer(long deadlineNanos, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private Reaper(Syscalls sys) throws SyscallException {
        this.sys = sys;
        this.epfd = sys.epollCreate();
        this.wakeFd = sys.eventfd();
        sys.epollAdd(epfd, wakeFd, Syscalls.EPOLLIN, WAKE_KEY);
        daemon(this, "sandbox4j-reaper").start();
    }

    static Reaper get(Syscalls sys) throws SyscallException {
        Reaper r = instance;
        if (r == null) {
            synchronized (Reaper.class) {
                if ((r = instance) == null) {
                    instance = r = new Reaper(sys);
                }
            }
        }
        return r;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    ExecutorService worker() {
        return worker;
    }

    /** Watches {@code fd} for {@code events} (hang-up and error always count); returns a key. */
    long watch(int fd, int events, Watched w) throws SyscallException {
        long key = keys.incrementAndGet();
        watched.put(key, w);
        try {
            sys.epollAdd(epfd, fd, events, key);
        } catch (SyscallException e) {
            watched.remove(key);
            throw e;
        }
        return key;
    }

    /** Runs {@code action} on the reaper thread after {@code delayNanos}; it must not block. */
    void schedule(long delayNanos, Runnable action) {
        synchronized (timers) {
            timers.add(new Timer(System.nanoTime() + delayNanos, keys.incrementAndGet(), action));
        }
        wake();
    }

    private void wake() {
        try {
            eventBuf.set(ValueLayout.JAVA_LONG, 0, 1L);
            sys.write(wakeFd, eventBuf, 8);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake the reaper", e);
        }
    }

    @Override
    public void run() {
        long[] data = new long[64];
        MemorySegment drain = Arena.ofAuto().allocate(8);
        for (;;) {
            try {
                int n = sys.epollWait(epfd, data, runDueTimers());
                for (int i = 0; i < n; i++) {
                    if (data[i] == WAKE_KEY) {
                        sys.read(wakeFd, drain, 8);
                        continue;
                    }
                    Watched w = watched.remove(data[i]);
                    if (w != null) {
                        w.exited();
                    }
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "sandbox4j reaper: unexpected failure", t);
            }
        }
    }

    /** Runs due timers; returns the epoll timeout until the next one (-1: none). */
    private int runDueTimers() {
        for (;;) {
            Timer next;
            synchronized (timers) {
                next = timers.peek();
                if (next == null) {
                    return -1;
                }
                long wait = next.deadlineNanos - System.nanoTime();
                if (wait > 0) {
                    return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                }
                timers.poll();
            }
            try {
                next.action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sandbox4j timer failed", e);
            }
        }
    }

    void unwatch(int fd) {
        try {
            sys.epollDelete(epfd, fd);
        } catch (SyscallException e) {
            // already gone from the set
        }
    }
}
