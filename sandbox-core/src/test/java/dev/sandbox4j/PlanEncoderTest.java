package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.launch.PlanDecoder;
import dev.sandbox4j.internal.launch.PlanEncoder;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.plan.FsOp;
import dev.sandbox4j.internal.plan.OpCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order and values of shim steps that builder settings lead to. */
class PlanEncoderTest {
    private static final int ROOT = 0, USER = 1000;
    private static final long RANGE = 3_000_000_000L;

    private static List<PlanDecoder.Op> ops(SandboxBuilder b, int euid) {
        return PlanDecoder.decode(encode(b.command("/bin/true").specForTest(euid), euid));
    }

    /** Encodes with the spec's mount plan prepared, as a start does. */
    static byte[] encode(LaunchSpec spec, int euid) {
        try (PreparedMounts m = spec.mounts() == null ? null : spec.mounts().prepare()) {
            return PlanEncoder.encode(spec, ids(euid), m, List.of()).bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HostIds ids(int euid) {
        return euid == ROOT ? new HostIds(RANGE, RANGE, 65536) : new HostIds(euid, euid, 1);
    }

    private static PlanDecoder.Op skip2(PlanDecoder.Op op) {
        op.u32();
        op.u32();
        return op;
    }

    private static PlanDecoder.Op first(List<PlanDecoder.Op> ops, int code) {
        return ops.stream().filter(o -> o.code() == code).findFirst().orElseThrow();
    }

    @Test
    void eachRoleSeesItsStepsInOrderAndExecIsLast() {
        List<Integer> codes = ops(Sandbox.builder(), ROOT).stream().map(PlanDecoder.Op::code).toList();
        List<Integer> roles = codes.stream().map(c -> c >> 8).toList();
        assertThat(roles).isSorted(); // outer, then init, then target
        assertThat(codes.get(codes.size() - 1)).isEqualTo(OpCode.EXEC);
        assertThat(codes).containsSubsequence(OpCode.SETSID, OpCode.SET_IDS, OpCode.CLOSE_FDS, OpCode.EXEC);
    }

    @Test
    void cloneCarriesEveryNamespaceButCgroupAndTimeWhichTheInitEntersLater() {
        List<PlanDecoder.Op> ops = ops(Sandbox.builder(), ROOT);
        long clone = first(ops, OpCode.CLONE).u64();
        long all = 0;
        for (Namespace ns : Namespace.values()) {
            all |= ns.cloneFlag();
        }
        assertThat(clone).isEqualTo(all & ~Namespace.CGROUP.cloneFlag() & ~Namespace.TIME.cloneFlag());
        assertThat(first(ops, OpCode.UNSHARE).u64())
                .isEqualTo(Namespace.CGROUP.cloneFlag() | Namespace.TIME.cloneFlag());
    }

    @Test
    void rootMapsItsWholeHostRangeFromZeroAndKeepsSetgroups() {
        List<PlanDecoder.Op> ops = ops(Sandbox.builder(), ROOT);
        assertThat(first(ops, OpCode.UID_MAP).str()).isEqualTo("0 3000000000 65536\n");
        assertThat(first(ops, OpCode.GID_MAP).str()).isEqualTo("0 3000000000 65536\n");
        assertThat(ops).noneMatch(o -> o.code() == OpCode.SETGROUPS_DENY);
        assertThat(ops).anyMatch(o -> o.code() == OpCode.CLEAR_GROUPS);
    }

    @Test
    void rootClonesAsTheSandboxsHostIdsWithTheDefaultProcessCapPlusTheInit() {
        List<PlanDecoder.Op> ops = ops(Sandbox.builder(), ROOT);
        List<Integer> codes = ops.stream().map(PlanDecoder.Op::code).toList();
        assertThat(codes).containsSubsequence(OpCode.CLONE, OpCode.HOST_IDS, OpCode.UID_MAP);
        PlanDecoder.Op ids = first(ops, OpCode.HOST_IDS);
        assertThat(Integer.toUnsignedLong(ids.u32())).isEqualTo(RANGE);
        assertThat(Integer.toUnsignedLong(ids.u32())).isEqualTo(RANGE);
        assertThat(ids.u64()).isEqualTo(1025);
    }

    @Test
    void pidsOrAnNprocRlimitReplaceTheDefaultProcessCap() {
        assertThat(skip2(first(ops(Sandbox.builder().pids(64), ROOT), OpCode.HOST_IDS)).u64()).isEqualTo(-1);
        assertThat(skip2(first(ops(Sandbox.builder().rlimit(ResourceLimit.NPROC, 50, 60), ROOT), OpCode.HOST_IDS))
                .u64()).isEqualTo(51);
        assertThat(ops(Sandbox.builder(), USER)).noneMatch(o -> o.code() == OpCode.HOST_IDS);
    }

    @Test
    void rootlessMapsTheCallerAndDeniesSetgroupsBeforeTheGidMap() {
        List<PlanDecoder.Op> ops = ops(Sandbox.builder().uid(1000).gid(100), USER);
        List<Integer> codes = ops.stream().map(PlanDecoder.Op::code).toList();
        assertThat(codes).containsSubsequence(OpCode.SETGROUPS_DENY, OpCode.GID_MAP);
        assertThat(first(ops, OpCode.UID_MAP).str()).isEqualTo("1000 1000 1\n");
        assertThat(first(ops, OpCode.GID_MAP).str()).isEqualTo("100 1000 1\n");
        assertThat(codes).doesNotContain(OpCode.CLEAR_GROUPS); // setgroups is denied rootless
        PlanDecoder.Op ids = first(ops, OpCode.SET_IDS);
        assertThat(List.of(ids.u32(), ids.u32())).containsExactly(100, 1000);
    }

    @Test
    void sharedNamespacesLeaveTheirStepsOut() {
        // accounting(): a shared pid namespace needs a cgroup, which build() would otherwise look for on this host
        List<Integer> codes = ops(Sandbox.builder().share(Namespace.NET, Namespace.UTS, Namespace.PID).accounting(), ROOT)
                .stream().map(PlanDecoder.Op::code).toList();
        assertThat(codes).doesNotContain(OpCode.LOOPBACK_UP, OpCode.SETHOSTNAME);
        // a fresh /proc only for a pid namespace of our own
        assertThat(ops(Sandbox.builder().share(Namespace.PID).accounting(), ROOT)).extracting(PlanDecoder.Op::code)
                .doesNotContain(FsOp.PROC);
        assertThat(ops(Sandbox.builder(), ROOT)).extracting(PlanDecoder.Op::code).contains(FsOp.PROC);
    }

    @Test
    void aNewMountNamespaceAlwaysGetsTheFilesystemStepsAndASharedOneNone() {
        List<Integer> own = ops(Sandbox.builder(), ROOT).stream().map(PlanDecoder.Op::code).toList();
        assertThat(own).containsSubsequence(FsOp.MAKE_PRIVATE, FsOp.ROOT_BASE, FsOp.PIVOT);
        List<Integer> shared = ops(Sandbox.builder().share(Namespace.MOUNT), ROOT).stream()
                .map(PlanDecoder.Op::code).toList();
        assertThat(shared).noneMatch(c -> c >= OpCode.FS_FIRST && c <= OpCode.FS_LAST);
    }

    @Test
    void execCarriesArgvAndASortedCleanEnvironment() {
        LaunchSpec spec = Sandbox.builder().env("B", "2").env("A", "1").command("sh", "-c", "echo hi")
                .specForTest(ROOT);
        PlanDecoder.Op exec = first(PlanDecoder.decode(encode(spec, ROOT)), OpCode.EXEC);
        assertThat(exec.str()).isEqualTo("sh");
        assertThat(exec.strs()).containsExactly("sh", "-c", "echo hi");
        assertThat(exec.strs()).containsExactly("A=1", "B=2", "PATH=" + SandboxBuilder.DEFAULT_PATH);
    }

    @Test
    void anEgressNetworkHasTheInitListenOnTheProxyAddressAfterLoAndPublishedPortsAskForSockets() {
        List<PlanDecoder.Op> none = ops(Sandbox.builder(), ROOT);
        assertThat(none).extracting(PlanDecoder.Op::code).doesNotContain(OpCode.NET_LISTEN, OpCode.NET_SOCKETS);
        List<PlanDecoder.Op> ops = ops(Sandbox.builder()
                .network(Network.egress(EgressPolicy.denyAll()).publish(18080, 80)), ROOT);
        List<Integer> codes = ops.stream().map(PlanDecoder.Op::code).toList();
        assertThat(codes).containsSubsequence(OpCode.LOOPBACK_UP, OpCode.NET_LISTEN, OpCode.NET_SOCKETS);
        PlanDecoder.Op listen = first(ops, OpCode.NET_LISTEN);
        assertThat(listen.u32()).isEqualTo(OpCode.FD_NET);
        byte[] sockaddr = listen.bytes();
        // struct sockaddr_in: AF_INET (host order), port 3128 big-endian, 127.0.0.1, zero padding
        assertThat(sockaddr).hasSize(16);
        assertThat(java.nio.ByteBuffer.wrap(sockaddr).order(java.nio.ByteOrder.nativeOrder()).getShort(0)).isEqualTo((short) 2);
        assertThat(((sockaddr[2] & 0xff) << 8) | (sockaddr[3] & 0xff)).isEqualTo(3128);
        assertThat(java.util.Arrays.copyOfRange(sockaddr, 4, 8)).containsExactly(127, 0, 0, 1);
        assertThat(listen.u32()).isPositive(); // backlog
        assertThat(first(ops, OpCode.NET_SOCKETS).u32()).isEqualTo(OpCode.FD_NET);
        List<Integer> publishOnly = ops(Sandbox.builder().network(Network.none().publish(18080, 80)), ROOT).stream()
                .map(PlanDecoder.Op::code).toList();
        assertThat(publishOnly).contains(OpCode.NET_SOCKETS).doesNotContain(OpCode.NET_LISTEN);
    }
}
