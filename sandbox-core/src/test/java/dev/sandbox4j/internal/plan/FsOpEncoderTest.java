package dev.sandbox4j.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.RootSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsOpEncoderTest {
    @TempDir
    Path tmp;

    /** One decoded op; payload read field by field as mounts.c reads it. */
    record Op(int code, ByteBuffer p) {
        int u32() {
            return p.getInt();
        }

        long u64() {
            return p.getLong();
        }

        byte[] bytes() {
            byte[] b = new byte[p.getInt()];
            p.get(b);
            return b;
        }

        String str() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void done() {
            assertThat(p.remaining()).as("bytes left in op 0x%x", code).isZero();
        }
    }

    static List<Op> decode(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.nativeOrder());
        assertThat(b.getInt()).isEqualTo(OpCode.MAGIC);
        assertThat(b.getInt()).isEqualTo(OpCode.VERSION);
        int n = b.getInt();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int code = b.getInt();
            int len = b.getInt();
            ByteBuffer p = b.slice(b.position(), len).order(ByteOrder.nativeOrder());
            b.position(b.position() + len);
            ops.add(new Op(code, p));
        }
        assertThat(b.remaining()).isZero();
        return ops;
    }

    @Test
    void directoryRootWithBindTmpfsFileAndMask() throws Exception {
        Path rootfs = Files.createDirectory(tmp.resolve("rootfs"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        MountPlan plan = MountPlan.builder().root(RootSource.directory(rootfs, false))
                .defaultMounts(false).defaultMasks(false)
                .bindReadOnly(data, "/data")
                .tmpfs("/tmp", 1 << 20, 01777)
                .file("/etc/hosts", "127.0.0.1 box\n".getBytes(StandardCharsets.UTF_8), 0644)
                .maskPath("/proc/kcore")
                .build();
        try (PreparedMounts m = plan.prepare(tmp, -1, -1)) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = decode(w.toByteArray());

            assertThat(ops).extracting(Op::code).containsExactly(FsOpEncoder.MAKE_PRIVATE, FsOpEncoder.ROOT_BIND,
                    FsOpEncoder.SCRATCH, FsOpEncoder.BIND, FsOpEncoder.TMPFS, FsOpEncoder.FILE, FsOpEncoder.MASK,
                    FsOpEncoder.REMOUNT_RO, FsOpEncoder.PIVOT);
            ops.getFirst().done();
            Op root = ops.get(1);
            assertThat(root.str()).isEqualTo(rootfs.toString());
            assertThat(root.str()).isEqualTo(m.staging().toString());
            assertThat(root.u32()).isZero(); // a directory root becomes read-only at the end
            root.done();
            Op scratch = ops.get(2);
            assertThat(scratch.str()).isEqualTo(m.scratch().orElseThrow().toString());
            assertThat(scratch.u64()).isEqualTo(m.scratchBytes());
            scratch.done();
            Op bind = ops.get(3);
            assertThat(bind.str()).isEqualTo(data.toString());
            assertThat(bind.str()).isEqualTo("/data");
            assertThat(bind.u32()).isEqualTo(FsOpEncoder.BIND_RDONLY);
            bind.done();
            Op tmpfs = ops.get(4);
            assertThat(tmpfs.str()).isEqualTo("/tmp");
            assertThat(tmpfs.u64()).isEqualTo(1 << 20);
            assertThat(tmpfs.u32()).isEqualTo(01777);
            assertThat(tmpfs.u32()).isEqualTo(FsOpEncoder.ATTR_NOSUID | FsOpEncoder.ATTR_NODEV);
            tmpfs.done();
            Op file = ops.get(5);
            assertThat(file.str()).isEqualTo("/etc/hosts");
            assertThat(new String(file.bytes(), StandardCharsets.UTF_8)).isEqualTo("127.0.0.1 box\n");
            assertThat(file.u32()).isEqualTo(0644);
            file.done();
            Op mask = ops.get(6);
            assertThat(mask.str()).isEqualTo("/proc/kcore");
            mask.done();
            Op ro = ops.get(7);
            assertThat(ro.str()).isEqualTo("/");
            assertThat(ro.u32()).isZero(); // only the root mount: /tmp stays writable
            ro.done();
            ops.get(8).done();
        }
    }

    @Test
    void overlayRootAndDefaultsForTheHostRoot() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        MountPlan plan = MountPlan.builder().root(RootSource.overlay(List.of(lower), upper)).build();
        try (PreparedMounts m = plan.prepare(tmp, -1, -1)) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = decode(w.toByteArray());
            Op root = ops.get(1);
            assertThat(root.code()).isEqualTo(FsOpEncoder.ROOT_OVERLAY);
            assertThat(root.str()).isEqualTo(m.staging().toString());
            assertThat(root.u32()).isEqualTo(1);
            assertThat(root.str()).isEqualTo(lower.toString());
            assertThat(root.str()).isEqualTo(upper.toString());
            assertThat(root.str()).startsWith(tmp.resolve(".upper.work-").toString());
            assertThat(root.u32()).isEqualTo(FsOpEncoder.OVL_USERXATTR);
            root.done();
            List<Integer> codes = ops.stream().map(Op::code).toList();
            assertThat(codes).contains(FsOpEncoder.PROC, FsOpEncoder.DEVPTS, FsOpEncoder.MASK)
                    .doesNotContain(FsOpEncoder.SCRATCH).endsWith(FsOpEncoder.PIVOT);
            assertThat(codes.indexOf(FsOpEncoder.PROC)).isLessThan(codes.indexOf(FsOpEncoder.MASK));
            assertThat(codes.stream().filter(c -> c == FsOpEncoder.REMOUNT_RO).count())
                    .as("only runc's read-only paths, no root remount").isEqualTo(5);
            for (Op op : ops) {
                assertThat(op.code()).isBetween(OpCode.FS_FIRST, OpCode.FS_LAST);
            }
        }
    }

    @Test
    void hostRootIsClonedReadOnlyRecursively() throws Exception {
        try (PreparedMounts m = MountPlan.builder().build().prepare(tmp, -1, -1)) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, false, w);
            Op root = decode(w.toByteArray()).get(1);
            assertThat(root.str()).isEqualTo("/");
            assertThat(root.str()).isEqualTo(m.staging().toString());
            assertThat(root.u32()).isEqualTo(FsOpEncoder.ROOT_RDONLY_REC);
        }
    }
}
