package dev.sandbox4j.internal.launch;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sandbox cgroups left behind by a JVM that is gone. A JVM killed with SIGKILL cannot remove its sandboxes'
 * groups; its server kills their inits, but the empty directories stay (in every v1 hierarchy), and so do
 * processes of a sandbox that shared the host's pid namespace. The first sandbox cgroup a JVM creates sweeps
 * the default parents first: every {@code sbx-<pid>-<n>} group whose JVM is gone is thawed, emptied with
 * SIGKILL and removed.
 *
 * <p>"Gone": no process has that pid, or the one that has it started after the group was created (the pid
 * was reused). A group whose owner cannot be judged is kept.
 */
public final class StaleCgroups {
    private static final System.Logger LOG = System.getLogger(StaleCgroups.class.getName());

    /** Sandbox cgroup names: {@code sbx-<jvm pid>-<sequence>}. */
    static final String PREFIX = "sbx-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    /** How long the killed processes of a stale group get to leave it. */
    static final Duration EMPTY_WAIT = Duration.ofSeconds(5);

    private StaleCgroups() {}

    /** The name of this JVM's {@code seq}-th sandbox cgroup. */
    static String name(long seq) {
        return jvmPrefix() + seq;
    }

    /**
     * What every cgroup of this JVM's sandboxes is named with, pooled runs' included; the shim server
     * removes such groups beside its sandboxes' when the JVM dies.
     */
    public static String jvmPrefix() {
        return PREFIX + ProcessHandle.current().pid() + "-";
    }

    /**
     * Removes the groups under {@code parents} whose JVM is gone; returns the directories removed.
     * Never throws: what cannot be removed is logged and left.
     */
    static List<Path> sweep(List<Path> parents) {
        Map<String, List<Path>> groups = new TreeMap<>(); // one sandbox: a directory per hierarchy
        for (Path parent : parents) {
            try (Stream<Path> s = Files.list(parent)) {
                s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                        .forEach(p -> groups.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p));
            } catch (NoSuchFileException e) {
                // no sandbox was ever made in this hierarchy
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot list {0}: {1}", parent, e.toString());
            }
        }
        List<Path> removed = new ArrayList<>();
        groups.forEach((name, dirs) -> {
            Matcher m = NAME.matcher(name);
            if (m.matches() && ownerGone(Long.parseLong(m.group(1)), dirs)) {
                removed.addAll(remove(dirs));
            }
        });
        return removed;
    }

    static boolean ownerGone(long pid, List<Path> dirs) {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty()) {
            return true;
        }
        Optional<Instant> started = owner.get().info().startInstant();
        Optional<Instant> created = created(dirs);
        // The owner created its groups after it started; a process started later only reuses the pid.
        return started.isPresent() && created.isPresent() && started.get().isAfter(created.get());
    }

    private static Optional<Instant> created(List<Path> dirs) {
        Instant first = null;
        for (Path d : dirs) {
            try {
                Instant t = Files.getLastModifiedTime(d).toInstant(); // a cgroup directory's mtime: its creation
                first = first == null || t.isBefore(first) ? t : first;
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(first);
    }

    private static List<Path> remove(List<Path> dirs) {
        for (Path d : dirs) {
            writeIfPresent(d.resolve("freezer.state"), "THAWED"); // v1: a frozen process cannot die
            writeIfPresent(d.resolve("cgroup.freeze"), "0");      // v2
        }
        long deadline = System.nanoTime() + EMPTY_WAIT.toNanos();
        while (kill(dirs) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Path d : dirs) {
            try {
                Files.delete(d); // an rmdir: refused while a process or a child group is inside
                removed.add(d);
            } catch (NoSuchFileException e) {
                // another JVM swept it meanwhile
            } catch (IOException e) { // EBUSY: a process or a child group is left
                LOG.log(Level.WARNING, "cannot remove stale sandbox cgroup {0}: {1}", d, e.toString());
            }
        }
        if (!removed.isEmpty()) {
            LOG.log(Level.DEBUG, "removed sandbox cgroups of a JVM that is gone: {0}", removed);
        }
        return removed;
    }

    /** SIGKILLs every process still listed; true while any was. */
    private static boolean kill(List<Path> dirs) {
        boolean any = false;
        for (Path d : dirs) {
            List<String> pids;
            try {
                pids = Files.readAllLines(d.resolve("cgroup.procs"));
            } catch (IOException e) {
                continue;
            }
            for (String p : pids) {
                if (!p.isBlank()) {
                    any = true;
                    ProcessHandle.of(Long.parseLong(p.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        return any;
    }

    private static void writeIfPresent(Path file, String value) {
        try {
            if (Files.exists(file)) {
                Files.writeString(file, value);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot write {0} to {1}: {2}", value, file, e.toString());
        }
    }
}
