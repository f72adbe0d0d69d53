package dev.sandbox4j.it.cgroups;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.cgroups.CgroupHost;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the cgroup ITs share: the skip when this user has no writable cgroup, where this JVM's sandbox cgroups
 * live, bounded polling, and a small static C probe program that the sandboxes run.
 *
 * <p>System property {@code sandbox4j.it.slowdown} (default 1) multiplies every polling deadline: the cgroup v2
 * lane runs these tests in a software-emulated VM.
 */
final class CgroupFixture {
    private CgroupFixture() {}

    /** Where the probe is mounted inside a sandbox. */
    static final String PROBE_DIR = "/tmp/cgprobe";
    static final String PROBE = PROBE_DIR + "/probe";

    private static volatile Path probeDir;

    static final long SLOWDOWN = Long.getLong("sandbox4j.it.slowdown", 1);

    /** Skips the calling test, naming why, when this user cannot create cgroups here. */
    static CgroupHost assumeCgroups() {
        CgroupHost host = CgroupHost.detect();
        assumeTrue(host.isAvailable(), () -> "needs a writable cgroup (root, or a delegated cgroup v2 subtree); uid "
                + uid() + " has none: " + host.unavailableReason().orElse("?"));
        return host;
    }

    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directories under which sandbox cgroups go by default, one per mounted hierarchy. */
    static List<Path> parentDirs(CgroupHost host) throws IOException {
        String parent = host.defaultParent().orElseThrow().substring(1);
        List<Path> dirs = new ArrayList<>();
        for (Path mount : cgroupMounts()) {
            dirs.add(mount.resolve(parent));
        }
        return dirs;
    }

    /** Mount points of every cgroup and cgroup2 file system of this process. */
    static Set<Path> cgroupMounts() throws IOException {
        Set<Path> mounts = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && (halves[1].startsWith("cgroup ") || halves[1].startsWith("cgroup2 "))) {
                mounts.add(Path.of(halves[0].split(" ")[4]));
            }
        }
        return mounts;
    }

    /** Every sandbox cgroup directory this JVM has now, in every hierarchy ({@code sbx-<jvm pid>-<n>}). */
    static List<Path> ourSandboxCgroups(CgroupHost host) throws IOException {
        String prefix = "sbx-" + ProcessHandle.current().pid() + "-";
        List<Path> found = new ArrayList<>();
        for (Path dir : parentDirs(host)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p)).forEach(found::add);
            }
        }
        return found;
    }

    /** Polls {@code condition} until it holds or {@code limit} (times the slowdown) has passed; returns it. */
    static boolean poll(Duration limit, BooleanSupplier condition) throws InterruptedIOException {
        long deadline = System.nanoTime() + limit.toNanos() * SLOWDOWN;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
        return true;
    }

    /**
     * The probe binary's host directory (compiled once per JVM with {@code cc -static}); mount it read-only at
     * {@link #PROBE_DIR} in the sandbox. Modes: {@code alloc MIB}, {@code forkbomb}, {@code spin SECONDS},
     * {@code cpu MS CHILDREN} (CHILDREN forked processes each busy for MS of CPU time, 0 for ever),
     * {@code count}, {@code stamped} (a count with the wall-clock time of each line), {@code daemon}; any further
     * argument (a marker) is ignored.
     */
    static synchronized Path probeDir() throws IOException, InterruptedException {
        if (probeDir != null) {
            return probeDir;
        }
        Path dir = Files.createTempDirectory("sandbox4j-cgprobe",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path src = dir.resolve("probe.c");
        Files.writeString(src, PROBE_SOURCE, StandardCharsets.US_ASCII);
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-o", dir.resolve("probe").toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
            throw new IllegalStateException("cc -static failed:\n" + out);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }));
        probeDir = dir;
        return dir;
    }

    private static final String PROBE_SOURCE = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <time.h>
            #include <unistd.h>
            #include <sys/wait.h>

            static void nap(long ms) {
                struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
                nanosleep(&t, NULL);
            }

            static double now(void) {
                struct timespec t;
                clock_gettime(CLOCK_MONOTONIC, &t);
                return t.tv_sec + t.tv_nsec / 1e9;
            }

            int main(int argc, char **argv) {
                if (argc < 2) return 2;
                const char *m = argv[1];
                if (!strcmp(m, "alloc")) {              /* touch MIB mebibytes, 1 MiB at a time */
                    long mib = atol(argv[2]);
                    for (long i = 0; i < mib; i++) {
                        char *p = malloc(1 << 20);
                        if (!p) { printf("malloc failed at %ld MiB\\n", i); return 3; }
                        memset(p, 0x5a, 1 << 20);
                    }
                    printf("allocated %ld MiB\\n", mib);
                    return 0;
                }
                if (!strcmp(m, "forkbomb")) {           /* every process forks forever; failures are retried */
                    setvbuf(stdout, NULL, _IONBF, 0);
                    printf("bomb\\n");
                    for (;;) {
                        if (fork() < 0) nap(5);
                    }
                }
                if (!strcmp(m, "spin")) {               /* busy for SECONDS of wall time */
                    printf("spinning\\n");
                    fflush(stdout);
                    double end = now() + atof(argv[2]);
                    volatile unsigned long n = 0;
                    while (now() < end) n++;
                    printf("spun\\n");
                    return 0;
                }
                if (!strcmp(m, "cpu")) {                /* CHILDREN processes, each busy until MS of its CPU (0: forever) */
                    long ms = atol(argv[2]);
                    int children = atoi(argv[3]);
                    for (int i = 0; i < children; i++) {
                        if (fork() == 0) {
                            struct timespec t;
                            volatile unsigned long x = 0;
                            do {
                                for (int k = 0; k < 100000; k++) x++;
                                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
                            } while (ms == 0 || t.tv_sec * 1000L + t.tv_nsec / 1000000 < ms);
                            _exit(0);
                        }
                    }
                    while (wait(NULL) > 0) {}
                    printf("used %ld ms in %d\\n", ms, children);
                    return 0;
                }
                if (!strcmp(m, "stamped")) {            /* "1 MS", "2 MS", ... MS: CLOCK_REALTIME in ms, each 10 ms */
                    for (long i = 1;; i++) {
                        struct timespec t;
                        clock_gettime(CLOCK_REALTIME, &t);
                        printf("%ld %lld\\n", i, (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000);
                        fflush(stdout);
                        nap(10);
                    }
                }
                if (!strcmp(m, "count")) {              /* 1, 2, 3, ... one line each 10 ms */
                    for (long i = 1;; i++) {
                        printf("%ld\\n", i);
                        fflush(stdout);
                        nap(10);
                    }
                }
                if (!strcmp(m, "daemon")) {             /* a double-forked, detached grandchild */
                    pid_t c = fork();
                    if (c == 0) {
                        setsid();
                        if (fork() == 0) {
                            printf("ready\\n");
                            fflush(stdout);
                            for (;;) pause();
                        }
                        _exit(0);
                    }
                    waitpid(c, NULL, 0);
                    for (;;) pause();
                }
                return 2;
            }
            """;
}
