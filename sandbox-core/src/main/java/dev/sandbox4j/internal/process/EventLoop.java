package dev.sandbox4j.internal.process;

import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that waits for every sandbox of this JVM: epoll over the
 * sandboxes' status pipes (their hang-up is the end) plus an eventfd for
 * wake-ups, and a timer queue for timeouts and kill grace periods, read
 * through a {@link Clock}. No thread per sandbox.
 *
 * <p>Work that may block (cgroup cleanup, user callbacks) goes to
 * {@link #worker()}, a pool whose threads exist only while there is work.
 * A unit test builds one with {@link #EventLoop(Syscalls, Clock, Executor)},
 * starts no thread, and drives it with {@link #turn()} and a fake clock.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.shared(LinuxSyscalls.INSTANCE, Clock.SYSTEM);
 * loop.schedule(Duration.ofSeconds(5).toNanos(), () -> kill());
 * }</pre>
 */
public final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long WAKE_KEY = 0;
    private static volatile EventLoop instance;

    private final Syscalls sys;
    private final Clock clock;
    private final int epfd;
    private final int wakeFd;
    private final AtomicLong keys = new AtomicLong();
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final MemorySegment eventBuf = Arena.ofAuto().allocate(8);
    private final MemorySegment drain = Arena.ofAuto().allocate(8);
    private final long[] ready = new long[64];
    private final Executor worker;

    /** Called on the loop's thread, once, when the watched fd reports the events asked for. */
    @FunctionalInterface
    public interface Watched {
        /** The fd reported its events (or hang-up, or an error). */
        void ready();
    }

    private record Timer(long deadlineNanos, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /**
     * A loop that no thread runs yet: {@link #shared(Syscalls, Clock)} starts one; a test calls {@link #turn()}.
     *
     * @param sys    the system calls (epoll, eventfd)
     * @param clock  where timer deadlines are read
     * @param worker where work that may block runs
     * @throws SyscallException when epoll or the eventfd cannot be created
     */
    public EventLoop(Syscalls sys, Clock clock, Executor worker) throws SyscallException {
        this.sys = sys;
        this.clock = clock;
        this.worker = worker;
        this.epfd = sys.epollCreate();
        this.wakeFd = sys.eventfd();
        sys.epollAdd(epfd, wakeFd, Syscalls.EPOLLIN, WAKE_KEY);
    }

    /**
     * The JVM's one loop, its thread started on first use; the runtime that asks first gives its
     * syscalls and clock (the system runtime: the real ones, {@link Clock#SYSTEM}).
     *
     * @param sys the system calls
     * @param clock the one clock the loop's timers and sandboxes' wall times read
     * @return the shared loop
     * @throws SyscallException when epoll or the eventfd cannot be created
     */
    public static EventLoop shared(Syscalls sys, Clock clock) throws SyscallException {
        EventLoop r = instance;
        if (r == null) {
            synchronized (EventLoop.class) {
                if ((r = instance) == null) {
                    r = new EventLoop(sys, clock, new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2,
                            TimeUnit.SECONDS, new SynchronousQueue<>(), w -> daemon(w, "sandbox4j-worker")));
                    daemon(r, "sandbox4j-events").start();
                    instance = r;
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

    /**
     * Where work that may block runs (cleanups, user stages): never on the loop's thread.
     *
     * @return the worker
     */
    public Executor worker() {
        return worker;
    }

    /**
     * The clock the timers read.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Watches {@code fd} for {@code events} (hang-up and error always count).
     *
     * @param fd     the fd to watch
     * @param events the epoll events asked for, 0 for the hang-up alone
     * @param w      called once on the loop's thread, then forgotten
     * @return a key
     * @throws SyscallException when epoll refuses the fd
     */
    public long watch(int fd, int events, Watched w) throws SyscallException {
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

    /**
     * Runs {@code action} on the loop's thread after {@code delayNanos} of the clock; it must not block.
     *
     * @param delayNanos how long from now
     * @param action     what to run
     */
    public void schedule(long delayNanos, Runnable action) {
        synchronized (timers) {
            timers.add(new Timer(clock.nanoTime() + delayNanos, keys.incrementAndGet(), action));
        }
        wake();
    }

    private void wake() {
        try {
            eventBuf.set(ValueLayout.JAVA_LONG, 0, 1L);
            sys.write(wakeFd, eventBuf, 8);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake the event loop", e);
        }
    }

    /** The loop's thread: turns forever. */
    @Override
    public void run() {
        for (;;) {
            try {
                turn();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "sandbox4j event loop: unexpected failure", t);
            }
        }
    }

    /**
     * One turn: runs the due timers, waits for fd events until the next timer is due, and calls
     * the watchers of the fds that reported.
     *
     * @throws SyscallException when epoll fails
     */
    void turn() throws SyscallException {
        int n = sys.epollWait(epfd, ready, runDueTimers());
        for (int i = 0; i < n; i++) {
            if (ready[i] == WAKE_KEY) {
                sys.read(wakeFd, drain, 8);
                continue;
            }
            Watched w = watched.remove(ready[i]);
            if (w != null) {
                w.ready();
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
                long wait = next.deadlineNanos - clock.nanoTime();
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

    /**
     * Stops watching {@code fd} (before it is closed).
     *
     * @param fd the fd
     */
    public void unwatch(int fd) {
        try {
            sys.epollDelete(epfd, fd);
        } catch (SyscallException e) {
            // already gone from the set
        }
    }
}
