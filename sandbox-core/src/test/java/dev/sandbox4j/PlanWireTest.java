package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.launch.PlanDecoder;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim's own plan reader (plan.c, in the C program plan-check the build
 * makes from src/test/c) reads the plans PlanEncoder writes for
 * representative specs: framing, role order, the final exec, and every
 * payload to its end by its layout in wire.def, with the values Java meant.
 */
class PlanWireTest {
    private static final Path PLAN_CHECK = Path.of("target", "plan-check");

    @TempDir
    Path tmp;

    private Map<String, LaunchSpec> specs() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("bin"));
        Files.writeString(lower.resolve("bin/true"), "#!/bin/sh\n").toFile().setExecutable(true);
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Map<String, LaunchSpec> specs = new LinkedHashMap<>();
        specs.put("default-root", Sandbox.builder().command("/bin/true").specForTest(0));
        specs.put("default-rootless", Sandbox.builder().uid(1000).gid(100).command("/bin/true").specForTest(1000));
        specs.put("shared-namespaces", Sandbox.builder().share(Namespace.MOUNT, Namespace.NET, Namespace.UTS,
                Namespace.PID).accounting().command("/bin/true").specForTest(0));
        specs.put("filesystem", Sandbox.builder().overlayRoot(List.of(lower), upper)
                .bindReadOnly(data, "/data").tmpfs("/tmp", "64m", 01777).file("/etc/motd", "hi\n")
                .symlink("/data", "/d").dir("/work", 0755).maskPath("/data/secret").readOnlyPath("/etc")
                .mqueue("/dev/mqueue").command("/bin/true").specForTest(0));
        specs.put("terminal-and-limits", Sandbox.builder().tty(true).terminalSize(100, 30).hostname("box")
                .workDir("/tmp").env("A", "x y\tz").rlimit(ResourceLimit.NOFILE, 64, 128)
                .timeout(Duration.ofSeconds(5)).command("sh", "-c", "echo 'hi there'").specForTest(0));
        specs.put("network", Sandbox.builder().network(Network.egress(EgressPolicy.denyAll()).publish(18080, 80))
                .command("/bin/true").specForTest(0));
        return specs;
    }

    @Test
    void theShimsReaderReadsEveryRepresentativePlanAsJavaWroteIt() throws Exception {
        List<String> args = new ArrayList<>(List.of(PLAN_CHECK.toString()));
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, LaunchSpec> e : specs().entrySet()) {
            byte[] plan = PlanEncoderTest.encode(e.getValue(), e.getKey().endsWith("rootless") ? 1000 : 0);
            Path file = Files.write(tmp.resolve(e.getKey() + ".plan"), plan);
            args.add(file.toString());
            expected.add("plan " + file);
            expected.addAll(dump(plan));
        }
        Result r = run(args);
        assertThat(r.out()).containsExactlyElementsOf(expected);
        assertThat(r.exit()).isZero();
        // the plans have the ops these specs exist for
        String all = String.join("\n", r.out());
        assertThat(all).contains(" FS_ROOT_OVERLAY ", " FS_BIND ", " FS_TMPFS /tmp 67108864 ", " FS_FILE ",
                " FS_SYMLINK ", " FS_MKDIR ", " FS_MASK ", " FS_REMOUNT_RO ", " FS_MQUEUE ", " PTY ", " SET_CTTY",
                " RLIMIT ", " NET_LISTEN ", " NET_SOCKETS ", " UID_MAP ", " SECCOMP #",
                " EXEC sh [3 sh -c echo\\x20'hi\\x20there'] [",
                // policy the shim once decided itself, now sent by Java
                " FS_DEVPTS /dev/pts 10 [6 newinstance  ptmxmode 0666 mode 0620]", " FS_PROC /proc 14 [0]",
                " FORWARD_SIGNALS [6 15 2 1 3 10 12]", " KEEP_CAPS 1", " DUMPABLE 0", "] /usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void theShimsReaderRefusesAPlanWhoseRolesGoBackOrThatDoesNotEndWithTheExec() throws Exception {
        byte[] good = new PlanWriter().flag(OpCode.SETSID)
                .op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").end().toByteArray();
        // the same ops, with the init-role op moved after the target's, and without the exec
        byte[] backwards = splice(good, frame(OpCode.SETHOSTNAME, str("box")));
        byte[] noExec = withCount(java.util.Arrays.copyOf(good, 12 + 8), 1);
        Path b = Files.write(tmp.resolve("backwards.plan"), backwards);
        Path n = Files.write(tmp.resolve("no-exec.plan"), noExec);
        Result r = run(List.of(PLAN_CHECK.toString(), b.toString(), n.toString()));
        assertThat(r.exit()).isOne();
        assertThat(r.out()).containsExactly("plan " + b,
                "refused plan: op 2 (0x202, SETHOSTNAME) after an op of role 3",
                "plan " + n, "refused plan: the plan does not end with the exec op");
    }

    /** Each op as plan-check prints it, decoded by Java along the table's layout. */
    static List<String> dump(byte[] plan) {
        List<String> out = new ArrayList<>();
        List<PlanDecoder.Op> ops = PlanDecoder.decode(plan);
        for (int i = 0; i < ops.size(); i++) {
            PlanDecoder.Op op = ops.get(i);
            StringBuilder line = new StringBuilder(i + " " + OpCode.name(op.code()));
            for (String kind : OpCode.payload(op.code()).split(" ")) {
                switch (kind) {
                    case "u32" -> line.append(' ').append(Integer.toUnsignedString(op.u32()));
                    case "u64" -> line.append(' ').append(Long.toUnsignedString(op.u64()));
                    case "str" -> line.append(' ').append(text(op.bytes()));
                    case "bytes" -> line.append(" #").append(java.util.HexFormat.of().formatHex(op.bytes()));
                    case "strs" -> {
                        int n = op.u32();
                        line.append(" [").append(n);
                        for (int j = 0; j < n; j++) {
                            line.append(' ').append(text(op.bytes()));
                        }
                        line.append(']');
                    }
                    case "u32s" -> {
                        int n = op.u32();
                        line.append(" [").append(n);
                        for (int j = 0; j < n; j++) {
                            line.append(' ').append(Integer.toUnsignedString(op.u32()));
                        }
                        line.append(']');
                    }
                    default -> { } // "" for no payload
                }
            }
            op.done();
            out.add(line.toString());
        }
        return out;
    }

    private static String text(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c < '!' || c > '~' || c == '\\' ? String.format("\\x%02x", c) : String.valueOf((char) c));
        }
        return s.toString();
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(4 + b.length).order(java.nio.ByteOrder.nativeOrder()).putInt(b.length)
                .put(b).array();
    }

    private static byte[] frame(int code, byte[] payload) {
        return java.nio.ByteBuffer.allocate(8 + payload.length).order(java.nio.ByteOrder.nativeOrder()).putInt(code)
                .putInt(payload.length).put(payload).array();
    }

    /** plan with op appended after its last op and the count raised. */
    private static byte[] splice(byte[] plan, byte[] op) {
        byte[] out = java.util.Arrays.copyOf(plan, plan.length + op.length);
        System.arraycopy(op, 0, out, plan.length, op.length);
        return withCount(out, java.nio.ByteBuffer.wrap(plan).order(java.nio.ByteOrder.nativeOrder()).getInt(8) + 1);
    }

    private static byte[] withCount(byte[] plan, int count) {
        java.nio.ByteBuffer.wrap(plan).order(java.nio.ByteOrder.nativeOrder()).putInt(8, count);
        return plan;
    }

    private record Result(int exit, List<String> out) {}

    private static Result run(List<String> args) throws Exception {
        assertThat(PLAN_CHECK).as("built by the Maven build (src/test/c/build-plan-check.sh)").isExecutable();
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
