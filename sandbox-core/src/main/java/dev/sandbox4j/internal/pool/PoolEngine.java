package dev.sandbox4j.internal.pool;

import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pool behind {@code SandboxPool}: up to {@code size} prepared sandboxes
 * waiting, refilled by one thread of its own (which exists only while there
 * is work or an idle deadline to keep), emptied after an idle time, and
 * nothing left after {@link #close()}.
 */
public final class PoolEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    /** How long the init may take to kill and reap a run's processes before the sandbox is discarded. */
    private static final int RESET_MILLIS = 2000;

    private final SandboxRuntime runtime;
    private final Syscalls sys;
    private final LaunchSpec spec;
    private final int size;
    private final long idleNanos;
    private final List<String> writable;
    private final ScheduledThreadPoolExecutor worker;
    private final ArrayDeque<PreparedSandbox> idle = new ArrayDeque<>(); // guarded by this
    private final Set<SandboxProcess> running = ConcurrentHashMap.newKeySet();
    private static final long RETURN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final List<CompletableFuture<?>> ending = new ArrayList<>(); // guarded by this
    private int preparing; // guarded by this
    private int busy; // sandboxes running a run, guarded by this
    private boolean closed; // guarded by this
    private boolean idleCheckArmed; // guarded by this
    private long lastUse = System.nanoTime(); // guarded by this
    private volatile String lastFailure;

    /**
     * @param spec the definition, checked by {@link PoolPolicy#check}
     * @throws IllegalArgumentException when the definition cannot be pooled, naming why
     */
    public PoolEngine(SandboxRuntime runtime, LaunchSpec spec, int size, Duration idleTime) {
        this.runtime = runtime;
        this.sys = runtime.sys();
        this.writable = PoolPolicy.check(spec);
        this.spec = spec;
        this.size = size;
        this.idleNanos = idleTime.toNanos();
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sandbox4j-pool");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY); // refilling must not delay a run just started
            return t;
        });
        worker.setKeepAliveTime(1, TimeUnit.SECONDS);
        worker.allowCoreThreadTimeOut(true);
        worker.setRemoveOnCancelPolicy(true);
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() need not wait for the idle check
        refillSoon();
    }

    /** The writable tmpfs mounts a run may place files in. */
    public List<String> writableMounts() {
        return writable;
    }

    /** How many prepared sandboxes wait for a run now. */
    public synchronized int prepared() {
        return idle.size();
    }

    /** Starts one run in a prepared sandbox (preparing one on this thread when none waits). */
    public SandboxProcess start(LaunchSpec run, List<PlacedFile> files) throws IOException {
        for (int attempt = 0;; attempt++) {
            PreparedSandbox s = take();
            String notReady = s.awaitReady();
            if (notReady != null) {
                LOG.log(System.Logger.Level.INFO, "discarding a pooled sandbox: {0}", notReady);
                lastFailure = notReady;
                forget(s);
                synchronized (this) {
                    busy--; // after forget: close() sees it in ending once busy is 0
                    notifyAll();
                }
                if (attempt > size) {
                    throw new IOException("no pooled sandbox could be made ready: " + notReady);
                }
                continue;
            }
            refillSoon();
            SandboxProcess p;
            try {
                p = s.run(run, files);
            } catch (IOException | RuntimeException e) {
                returned(s); // a failed start (no such program) leaves the init serving: it says so next time
                throw e;
            }
            running.add(p);
            p.result().whenComplete((r, t) -> {
                synchronized (this) {
                    running.remove(p); // with the return, under one lock: awaitReturning sees one or the other
                    returned(s);
                }
            });
            return p;
        }
    }

    /** Why the last sandbox was discarded, or null. */
    public String lastDiscardReason() {
        return lastFailure;
    }

    private PreparedSandbox take() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the sandbox pool is closed");
            }
            lastUse = System.nanoTime();
            busy++;
            awaitReturning();
            PreparedSandbox s = idle.pollFirst(); // the longest waiting: its reset is the likeliest done
            if (s != null) {
                return s;
            }
        }
        try {
            return PreparedSandbox.prepare(runtime, spec, writable, RESET_MILLIS);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                busy--;
            }
            throw e;
        }
    }

    /**
     * With none waiting but a run whose result is complete, its sandbox comes back within
     * microseconds (the result's callbacks run just after a waiter wakes): wait for it rather
     * than prepare one on the caller's path.
     */
    private void awaitReturning() {
        long deadline = System.nanoTime() + RETURN_WAIT_NANOS;
        while (idle.isEmpty() && running.stream().anyMatch(p -> p.result().isDone())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void returned(PreparedSandbox s) {
        synchronized (this) {
            notifyAll();
            if (!closed && idle.size() < size) {
                busy--;
                idle.addLast(s);
                armIdleCheck();
                worker.execute(() -> precreate(s));
                return;
            }
        }
        forget(s);
        synchronized (this) {
            busy--; // after forget: close() sees it in ending once busy is 0
            notifyAll();
        }
    }

    private void precreate(PreparedSandbox s) {
        try {
            s.precreateGroup();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "pre-creating a pooled run's cgroup (the run creates it)", e);
        }
    }

    private void forget(PreparedSandbox s) {
        CompletableFuture<?> gone = s.discard();
        synchronized (this) {
            ending.removeIf(CompletableFuture::isDone);
            ending.add(gone);
        }
    }

    /** Prepares one more while fewer than size exist (busy ones count: they come back after their run). */
    private synchronized void refillSoon() {
        if (!closed && idle.size() + preparing + busy < size) {
            preparing++;
            worker.execute(this::refillOne);
        }
    }

    private void refillOne() {
        PreparedSandbox s;
        try {
            s = PreparedSandbox.prepare(runtime, spec, writable, RESET_MILLIS);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                preparing--;
            }
            LOG.log(System.Logger.Level.WARNING, "preparing a pooled sandbox failed (runs prepare their own)", e);
            return; // no retry loop: the next start tries again
        }
        synchronized (this) {
            preparing--;
            if (!closed && idle.size() + busy < size) {
                idle.addLast(s);
                armIdleCheck();
                s = null;
            }
        }
        if (s != null) {
            forget(s);
        } else {
            refillSoon();
        }
    }

    private void armIdleCheck() {
        if (!idleCheckArmed) {
            idleCheckArmed = true;
            worker.schedule(this::idleCheck, idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Shrinks to zero once nothing started for the idle time; otherwise checks again then. */
    private void idleCheck() {
        List<PreparedSandbox> drop = new ArrayList<>();
        synchronized (this) {
            idleCheckArmed = false;
            long quiet = System.nanoTime() - lastUse;
            if (quiet < idleNanos) {
                idleCheckArmed = true;
                worker.schedule(this::idleCheck, idleNanos - quiet, TimeUnit.NANOSECONDS);
                return;
            }
            drop.addAll(idle);
            idle.clear();
        }
        drop.forEach(this::forget);
    }

    /** Kills the runs still going (they end {@code SIGNALED} 9) and removes every sandbox; waits until all are gone. */
    @Override
    public void close() {
        List<PreparedSandbox> drop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            drop = new ArrayList<>(idle);
            idle.clear();
        }
        drop.forEach(this::forget);
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (SandboxProcess p : running) {
            p.destroyForcibly();
            runs.add(p.result());
        }
        awaitAll(runs);
        awaitNoneBusy();
        worker.shutdown();
        awaitWorker();
        List<CompletableFuture<?>> gone;
        synchronized (this) {
            gone = new ArrayList<>(ending);
        }
        awaitAll(gone);
    }

    /**
     * Waits until every sandbox handed out is back and forgotten: a run's result completes before
     * its sandbox is returned (the result's callbacks run one after another), and a start may race
     * with close(); either would otherwise outlive close().
     */
    private void awaitNoneBusy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (this) {
            while (busy > 0) {
                running.forEach(SandboxProcess::destroyForcibly); // a run started while close() began
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.log(System.Logger.Level.WARNING, "{0} pooled sandboxes still busy after 30 s", busy);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void awaitWorker() {
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "a pooled sandbox's preparation did not end in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitAll(List<CompletableFuture<?>> all) {
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "pooled sandboxes did not all end within 30 s", e);
        }
    }

    /** For the file checks of a run: whether path lies inside a writable mount (not the mount itself). */
    public boolean placeable(String path) {
        Path p = Path.of(path).normalize();
        if (!p.isAbsolute() || !p.toString().equals(path)) {
            return false;
        }
        for (String m : writable) {
            Path mount = Path.of(m);
            if (p.startsWith(mount) && !p.equals(mount)) {
                return true;
            }
        }
        return false;
    }
}
