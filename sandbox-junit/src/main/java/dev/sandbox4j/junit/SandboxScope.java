package dev.sandbox4j.junit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one test (or one test class, for {@code @BeforeAll} injection) started and made: processes, its
 * workspace and temporary root. {@link #close()} ends them all and names the processes that still ran.
 */
final class SandboxScope implements ExtensionContext.Store.CloseableResource {
    private static final System.Logger LOG = System.getLogger(SandboxScope.class.getName());

    private final String name;
    private final Settings settings;
    private final List<Tracked> tracked = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private Path workspace;
    private TempRoot rootfs;
    private boolean closed;

    SandboxScope(String name, Settings settings) {
        this.name = name;
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** Remembers {@code resource}; one opened after the test ended is closed at once. */
    void track(Object origin, AutoCloseable resource) {
        Tracked t = Tracked.of(origin, resource);
        synchronized (this) {
            if (!closed) {
                tracked.add(t);
                return;
            }
        }
        LOG.log(Level.WARNING, "{0} started after {1} ended; closing it", t.command(), name);
        closeQuietly(t, new ArrayList<>());
    }

    synchronized Path workspace() throws IOException {
        if (workspace == null) {
            workspace = TempDirs.create("sandbox4j-workspace", "rwxrwxrwx");
            dirs.add(workspace);
        }
        return workspace;
    }

    synchronized TempRoot rootfs(TempRootfs spec) throws IOException {
        if (rootfs == null) {
            Path dir = TempDirs.create("sandbox4j-rootfs", "rwxr-xr-x");
            dirs.add(dir);
            rootfs = TempRoot.make(spec, dir);
        }
        return rootfs;
    }

    /**
     * Closes every process (each close waits until nothing of it is left) and deletes the directories.
     *
     * @return the commands of the processes that were still running
     */
    List<String> end() {
        List<Tracked> all;
        List<Path> toDelete;
        synchronized (this) {
            if (closed) {
                return List.of();
            }
            closed = true;
            all = List.copyOf(tracked);
            toDelete = List.copyOf(dirs);
        }
        List<String> running = new ArrayList<>();
        for (Tracked t : all) {
            if (t.running()) {
                running.add(t.command());
            }
        }
        List<Exception> problems = new ArrayList<>();
        for (Tracked t : all) {
            closeQuietly(t, problems);
        }
        for (Path d : toDelete) {
            try {
                TempDirs.delete(d);
            } catch (IOException e) {
                problems.add(e);
            }
        }
        for (Exception e : problems) {
            LOG.log(Level.WARNING, "cleaning up after " + name + ": " + e, e);
        }
        return running;
    }

    private static void closeQuietly(Tracked t, List<Exception> problems) {
        try {
            t.resource().close();
        } catch (Exception e) {
            problems.add(e);
        }
    }

    /** A backstop when the test's callbacks did not get to end this scope. */
    @Override
    public void close() {
        end();
    }

    @Override
    public String toString() {
        return name;
    }
}
