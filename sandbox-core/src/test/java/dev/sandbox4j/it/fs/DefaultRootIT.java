package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.it.Run;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default root, seen from inside: only the host's /usr, /etc and the
 * /bin, /lib* entries, so no host socket, FIFO or private file is reachable,
 * while real programs (sh, python3, gcc, java) still run. Each "cannot"
 * has a control through {@code hostRootReadOnly()}, where the same probe
 * reaches the host, so the probe itself is shown to work. Root and rootless.
 */
class DefaultRootIT {
    private static final boolean ROOTLESS = Roots.euid() != 0;

    /** Connects to each unix socket and opens each FIFO (write, non-blocking) given; prints the outcome. */
    private static final String PROBE = """
            import errno, os, socket, sys
            for p in sys.argv[1:]:
                try:
                    if p.endswith(".sock"):
                        socket.socket(socket.AF_UNIX).connect(p)
                    else:
                        os.open(p, os.O_WRONLY | os.O_NONBLOCK)
                    print("reached")
                except OSError as e:
                    print(errno.errorcode[e.errno])
            """;

    private final List<Path> created = new ArrayList<>();

    @BeforeEach
    void noLeftovers() {
        created.clear();
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        for (Path p : created.reversed()) {
            Roots.deleteTree(p);
        }
    }

    @Test
    void lsSlashShowsOnlyTheMinimalRootsEntries() throws Exception {
        Set<String> expected = new TreeSet<>(List.of("usr", "etc", "proc", "dev", "tmp", "run", "sys"));
        for (String n : List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32")) {
            if (Files.exists(Path.of("/", n), LinkOption.NOFOLLOW_LINKS)) {
                expected.add(n);
            }
        }
        Run r = Run.sh(Sandbox.builder(), "ls -A /; readlink /bin; ls /run | wc -l");

        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.subList(0, lines.size() - 2)).as(r.toString()).containsExactlyElementsOf(expected);
        String hostBin = Files.isSymbolicLink(Path.of("/bin")) ? Files.readSymbolicLink(Path.of("/bin")).toString() : "";
        assertThat(lines.get(lines.size() - 2)).as("/bin as the host has it").isEqualTo(hostBin);
        assertThat(lines.getLast()).as("/run is empty").isEqualTo("0");
    }

    @Test
    void aHostUnixSocketInVarTmpRefusesTheConnection() throws Exception {
        refusedInsideButReachedThroughTheHostRoot(hostDir(Path.of("/var/tmp")).resolve("probe.sock"));
    }

    @Test
    void aUnixSocketInTheCallersHomeRefusesTheConnectionRootless() throws Exception {
        assumeThat(ROOTLESS).as("rootless: root inside is the caller, who may use its own sockets").isTrue();
        refusedInsideButReachedThroughTheHostRoot(hostDir(Path.of(System.getProperty("user.home"))).resolve("agent.sock"));
    }

    @Test
    void aHostFifoCannotBeOpened() throws Exception {
        Path fifo = hostDir(Path.of("/var/tmp")).resolve("probe.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0666", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThat(probe(Sandbox.builder(), fifo)).isEqualTo("ENOENT");
        // ENXIO: the FIFO was reached and opened for writing, it just has no reader
        assertThat(probe(Sandbox.builder().hostRootReadOnly(), fifo)).as("control: the host root").isEqualTo("ENXIO");
    }

    @Test
    void aPrivateFileInTheCallersHomeCannotBeReadRootless() throws Exception {
        assumeThat(ROOTLESS).as("rootless: root inside is the caller, who may read its own files").isTrue();
        Path secret = hostDir(Path.of(System.getProperty("user.home"))).resolve("id_ed25519");
        Files.writeString(secret, "PRIVATE KEY\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        Run r = Run.sh(Sandbox.builder(), "cat " + secret);
        assertThat(r.stdout()).as(r.toString()).isEmpty();
        assertThat(r.stderr()).as(r.toString()).contains("No such file or directory");
        Run control = Run.sh(Sandbox.builder().hostRootReadOnly(), "cat " + secret);
        assertThat(control.stdout()).as("control: the host root " + control).isEqualTo("PRIVATE KEY\n");
    }

    @Test
    void sysClassNetListsOnlyLoopbackAndSysIsReadOnly() throws Exception {
        Run r = Run.sh(Sandbox.builder(), "ls /sys/class/net; ls /sys/firmware | wc -l; touch /sys/x");
        assertThat(r.stdout().lines()).as(r.toString()).containsExactly("lo", "0");
        assertThat(r.stderr()).as(r.toString()).contains("Read-only file system");
    }

    /**
     * Every masked path the host has is empty inside: a directory a read-only empty one, a file the null
     * device (the shim binds later masks of a kind from the first one: each must still be masked).
     */
    @Test
    void everyMaskedPathIsEmpty() throws Exception {
        List<String> dirs = new ArrayList<>(), files = new ArrayList<>();
        for (String p : List.of("/proc/acpi", "/proc/asound", "/proc/scsi", "/sys/firmware",
                "/proc/interrupts", "/proc/keys", "/proc/timer_list", "/proc/kcore", "/proc/sched_debug")) {
            if (Files.isDirectory(Path.of(p))) {
                dirs.add(p);
            } else if (Files.exists(Path.of(p))) {
                files.add(p);
            }
        }
        assumeThat(dirs.size() >= 2 && files.size() >= 2).as("the host has two masked dirs and files: " + dirs
                + files).isTrue();
        StringBuilder script = new StringBuilder();
        for (String d : dirs) {
            script.append("echo ").append(d).append(" $(ls -A ").append(d).append(" | wc -l); touch ")
                    .append(d).append("/x 2>/dev/null && echo ").append(d).append(" writable; ");
        }
        for (String f : files) {
            // the host's null device: what is written goes nowhere, what is read is nothing
            script.append("echo x > ").append(f).append("; echo ").append(f).append(" $(wc -c < ").append(f)
                    .append(") $(stat -c %t:%T ").append(f).append("); ");
        }
        Run r = Run.sh(Sandbox.builder(), script.toString());
        List<String> expected = new ArrayList<>();
        dirs.forEach(d -> expected.add(d + " 0"));
        files.forEach(f -> expected.add(f + " 0 1:3"));
        assertThat(r.stdout().lines()).as(r.toString()).containsExactlyElementsOf(expected);
    }

    /** Sharing the host's network: the host's /sys, read-only and masked (a user namespace cannot mount its sysfs). */
    @Test
    void withTheHostsNetworkSysIsTheHostsReadOnlyAndMasked() throws Exception {
        List<String> hostNet;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            hostNet = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Run r = Run.sh(Sandbox.builder().share(Namespace.NET), "ls /sys/class/net; ls /sys/firmware | wc -l; touch /sys/x");
        List<String> expected = new ArrayList<>(hostNet);
        expected.add("0");
        assertThat(r.stdout().lines()).as(r.toString()).containsExactlyElementsOf(expected);
        assertThat(r.stderr()).as(r.toString()).contains("Read-only file system");
    }

    @Test
    void shPython3AndGccRunAndACompiledProgramRunsFromTmp() throws Exception {
        assertThat(Run.sh(Sandbox.builder(), "echo hi from $0").stdout()).isEqualTo("hi from /bin/sh\n");
        Run py = Run.of(Sandbox.builder().command("python3", "-c", "print(6 * 7)"));
        assertThat(py.stdout()).as(py.toString()).isEqualTo("42\n");
        Run gcc = Run.sh(Sandbox.builder().timeout(Duration.ofSeconds(60)), """
                cat > /tmp/hello.c <<'EOF'
                #include <stdio.h>
                int main(void) { printf("hello %d\\n", 6 * 7); return 0; }
                EOF
                gcc -o /tmp/hello /tmp/hello.c && /tmp/hello""");
        assertThat(gcc.stdout()).as(gcc.toString()).isEqualTo("hello 42\n");
    }

    @Test
    void javaRunsItsVersionAndASmallProgram() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        String java = javaHome.resolve("bin/java").toString();
        Run version = Run.of(jdk(javaHome).command(java, "-version"));
        assertThat(version.result().succeeded()).as(version.toString()).isTrue();
        assertThat(version.stderr()).as(version.toString()).contains("version \"" + Runtime.version().feature());

        Run program = Run.sh(jdk(javaHome), """
                cat > /tmp/Hello.java <<'EOF'
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("hello " + java.util.stream.IntStream.rangeClosed(1, 8).sum());
                    }
                }
                EOF
                exec %s /tmp/Hello.java""".formatted(java));
        assertThat(program.stdout()).as(program.toString()).isEqualTo("hello 36\n");
    }

    @Test
    void aMillionEmptyFilesInTmpEndWithEnospc() throws Exception {
        Run r = Run.sh(Sandbox.builder().timeout(Duration.ofSeconds(60)),
                "cd /tmp && i=0; while [ $i -lt 1000000 ] && true > f$i; do i=$((i+1)); done; echo $i");
        long made = Long.parseLong(r.stdout().strip());
        // the default 64 MiB /tmp holds 8192 inodes, its root one of them
        assertThat(made).as(r.toString()).isBetween(8000L, 8191L);
        assertThat(r.stderr()).as(r.toString()).contains("No space left on device");
    }

    @Test
    void aProgramOutsideTheRootIsRefusedByBuildAndRunsOnceBound() throws Exception {
        Path dir = hostDir(Path.of("/var/tmp"));
        Path prog = dir.resolve("tool");
        Files.writeString(prog, "#!/bin/sh\necho tool ran\n");
        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> Sandbox.builder().command(prog.toString()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("program '" + prog + "' is not found")
                .hasMessageContaining("bindReadOnly(Path.of(\"" + dir + "\"), \"" + dir + "\")");
        Run r = Run.of(Sandbox.builder().bindReadOnly(dir, dir.toString()).command(prog.toString()));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("tool ran\n");
    }

    @Test
    void bindFileAndTmpfsTargetsMissingOnTheHostAreCreatedInTheRoot() throws Exception {
        Path data = hostDir(Path.of("/var/tmp"));
        Files.writeString(data.resolve("in.txt"), "input\n");
        Files.setPosixFilePermissions(data.resolve("in.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        Run r = Run.sh(Sandbox.builder().bindReadOnly(data, "/sandbox4j-data/in").file("/judge/config", "x=1\n")
                .file("/etc/hosts", "127.0.0.1 judge\n").tmpfs("/work", "1M"),
                "cat /sandbox4j-data/in/in.txt /judge/config /etc/hosts; touch /work/ok && ls /work; touch /judge/new");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("input\nx=1\n127.0.0.1 judge\nok\n");
        assertThat(r.stderr()).as("the root is read-only again " + r).contains("Read-only file system");
        assertThat(Path.of("/sandbox4j-data")).doesNotExist();
        assertThat(Path.of("/judge")).doesNotExist();
    }

    /** A JDK outside /usr (another machine's CI) is bound in: the default root holds only /usr of the host. */
    private static SandboxBuilder jdk(Path javaHome) {
        SandboxBuilder b = Sandbox.builder().timeout(Duration.ofSeconds(60));
        return javaHome.startsWith("/usr") ? b : b.bindReadOnly(javaHome, javaHome.toString());
    }

    /** A fresh world-readable directory under {@code parent}, removed after the test. */
    private Path hostDir(Path parent) throws Exception {
        Path dir = Roots.open(Files.createTempDirectory(parent, "sandbox4j-it-"));
        created.add(dir);
        return dir;
    }

    /** The default root cannot reach the listening socket; the host root can, so the probe works. */
    private static void refusedInsideButReachedThroughTheHostRoot(Path sock) throws Exception {
        try (ServerSocketChannel server = listen(sock)) {
            assertThat(probe(Sandbox.builder(), sock)).isEqualTo("ENOENT");
            assertThat(server.accept()).as("no connection reached the host").isNull();

            assertThat(probe(Sandbox.builder().hostRootReadOnly(), sock)).as("control: the host root").isEqualTo("reached");
            assertThat(server.accept()).as("control: the connection reached the host").isNotNull();
        }
    }

    private static ServerSocketChannel listen(Path sock) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        server.configureBlocking(false);
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rwxrwxrwx"));
        return server;
    }

    private static String probe(SandboxBuilder b, Path target) throws Exception {
        Run r = Run.of(b.command("python3", "-c", PROBE, target.toString()));
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        return r.stdout().strip();
    }
}
