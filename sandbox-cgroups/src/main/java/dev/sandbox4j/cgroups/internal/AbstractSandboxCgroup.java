package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What v1 and v2 share: joining, listing pids and the wait-kill-remove of {@link #close()}. */
public abstract class AbstractSandboxCgroup implements SandboxCgroup {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    /** How long close() lets the last processes exit by themselves before killing them. */
    protected static final Duration EXIT_GRACE = Duration.ofSeconds(2);
    /** How long killAll() and rmdir retries may take. */
    protected static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);

    protected final CgroupFs fs;
    private final String name;
    private final List<Path> dirs;
    private boolean closed;

    protected AbstractSandboxCgroup(CgroupFs fs, String name, List<Path> dirs) {
        this.fs = fs;
        this.name = name;
        this.dirs = List.copyOf(dirs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Path> directories() {
        return dirs;
    }

    @Override
    public List<Path> procsFiles() {
        return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public void join(long pid) throws CgroupException {
        for (Path p : procsFiles()) {
            CgroupIo.write(fs, p, Long.toString(pid));
        }
    }

    @Override
    public List<Long> pids() throws CgroupException {
        Set<Long> all = new LinkedHashSet<>();
        for (Path p : procsFiles()) {
            all.addAll(CgroupIo.readPids(fs, p));
        }
        return List.copyOf(all);
    }

    @Override
    public synchronized void close() throws CgroupException {
        if (closed) {
            return;
        }
        try {
            if (!Poll.until(EXIT_GRACE, this::isEmpty)) {
                LOG.log(Level.DEBUG, "cgroup {0} still populated after {1}: killing what is left", name, EXIT_GRACE);
                killAll();
            }
            for (Path d : dirs) {
                removeDir(d);
            }
        } catch (IOException e) {
            throw e instanceof CgroupException ce ? ce
                    : new CgroupException(CgroupException.Kind.FAILED, "cannot remove cgroup " + dirs + ": " + CgroupIo.reason(e), e);
        }
        closed = true;
    }

    private void removeDir(Path d) throws IOException {
        if (!fs.exists(d)) {
            return; // an earlier close() attempt removed it
        }
        IOException[] last = {null};
        // EBUSY right after the last task exits is transient (the task is still being released): retry briefly.
        boolean removed = Poll.until(KILL_TIMEOUT, () -> {
            try {
                fs.rmdir(d);
                return true;
            } catch (FileSystemException e) {
                last[0] = e;
                return !fs.exists(d);
            }
        });
        if (!removed) {
            throw new CgroupException(CgroupException.Kind.FAILED, "cannot remove cgroup directory " + d + " within "
                    + KILL_TIMEOUT + ": " + (last[0] == null ? "still present" : CgroupIo.reason(last[0])) + "; pids left: "
                    + safePids(), last[0]);
        }
    }

    private String safePids() {
        try {
            return pids().toString();
        } catch (CgroupException e) {
            return "unknown";
        }
    }

    /** SIGKILLs every pid listed; returns how many were signalled. Never kills this JVM. */
    protected static int sigkill(List<Long> pids) throws CgroupException {
        long self = ProcessHandle.current().pid();
        int n = 0;
        for (long pid : pids) {
            if (pid == self) {
                throw new CgroupException(CgroupException.Kind.FAILED,
                        "refusing to kill pid " + pid + ": it is this JVM, which must never join a sandbox cgroup");
            }
            n += ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false) ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + dirs;
    }
}
