package dev.sandbox4j.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.RootSource;
import dev.sandbox4j.internal.launch.PlanDecoder;
import dev.sandbox4j.internal.launch.PlanDecoder.Op;
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

    /** Checks the base op every plan starts with (after make-private) and returns the dirs it creates. */
    static List<String> base(Op op, PreparedMounts m) {
        assertThat(op.code()).isEqualTo(FsOp.BASE);
        assertThat(op.str()).isEqualTo(m.base().toString());
        assertThat(op.u64()).isEqualTo(FsOpEncoder.BASE_BYTES);
        assertThat(op.u64()).as("inodes").isEqualTo(1024);
        assertThat(op.str()).isEqualTo("oldroot");
        List<String> dirs = new ArrayList<>();
        for (int i = op.u32(); i > 0; i--) {
            dirs.add(op.str());
        }
        op.done();
        return dirs;
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
        try (PreparedMounts m = plan.prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = PlanDecoder.fragment(w);

            assertThat(ops).extracting(Op::code).containsExactly(FsOp.MAKE_PRIVATE, FsOp.BASE,
                    FsOp.ROOT_BIND, FsOp.SCRATCH, FsOp.BIND, FsOp.TMPFS,
                    FsOp.FILE, FsOp.MASK, FsOp.REMOUNT_RO, FsOp.PIVOT);
            ops.getFirst().done();
            assertThat(base(ops.get(1), m)).containsExactly("newroot", "scratch");
            Op root = ops.get(2);
            assertThat(root.str()).isEqualTo("/oldroot" + rootfs.toRealPath());
            assertThat(root.str()).isEqualTo("/newroot");
            assertThat(root.u32()).isZero(); // a directory root becomes read-only at the end
            root.done();
            Op scratch = ops.get(3);
            assertThat(scratch.str()).isEqualTo("/scratch");
            assertThat(scratch.u64()).isEqualTo(m.scratchBytes());
            assertThat(scratch.u64()).as("inodes").isEqualTo(1024);
            scratch.done();
            Op bind = ops.get(4);
            assertThat(bind.str()).isEqualTo("/oldroot" + data.toRealPath());
            assertThat(bind.str()).isEqualTo("/data");
            assertThat(bind.u32()).isEqualTo(FsOp.BIND_RDONLY);
            bind.done();
            Op tmpfs = ops.get(5);
            assertThat(tmpfs.str()).isEqualTo("/tmp");
            assertThat(tmpfs.u64()).isEqualTo(1 << 20);
            assertThat(tmpfs.u64()).as("inodes").isEqualTo(1024);
            assertThat(tmpfs.u32()).isEqualTo(01777);
            assertThat(tmpfs.u32()).isEqualTo(FsOpEncoder.ATTR_NOSUID | FsOpEncoder.ATTR_NODEV);
            tmpfs.done();
            Op file = ops.get(6);
            assertThat(file.str()).isEqualTo("/etc/hosts");
            assertThat(new String(file.bytes(), StandardCharsets.UTF_8)).isEqualTo("127.0.0.1 box\n");
            assertThat(file.u32()).isEqualTo(0644);
            file.done();
            Op mask = ops.get(7);
            assertThat(mask.str()).isEqualTo("/proc/kcore");
            assertThat(mask.str()).isEqualTo("/oldroot/dev/null");
            // a masked directory gets an empty tmpfs: read-only, nosuid, nodev, noexec, mode 0755
            assertThat(mask.u64()).isEqualTo(FsOpEncoder.ATTR_RDONLY | FsOpEncoder.ATTR_NOSUID
                    | FsOpEncoder.ATTR_NODEV | FsOpEncoder.ATTR_NOEXEC);
            assertThat(mask.u32()).isEqualTo(0755);
            mask.done();
            Op ro = ops.get(8);
            assertThat(ro.str()).isEqualTo("/");
            assertThat(ro.u32()).isZero(); // only the root mount: /tmp stays writable
            ro.done();
            ops.get(9).done();
        }
    }

    @Test
    void overlayRootAndDefaultsForTheHostRoot() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        MountPlan plan = MountPlan.builder().root(RootSource.overlay(List.of(lower), upper)).build();
        try (PreparedMounts m = plan.prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = PlanDecoder.fragment(w);
            assertThat(base(ops.get(1), m)).as("no files: no scratch dir").containsExactly("newroot");
            Op root = ops.get(2);
            assertThat(root.code()).isEqualTo(FsOp.ROOT_OVERLAY);
            assertThat(root.str()).isEqualTo("/newroot");
            assertThat(root.u32()).isEqualTo(1);
            assertThat(root.str()).isEqualTo("/oldroot" + lower.toRealPath());
            assertThat(root.str()).isEqualTo("/oldroot" + upper.toRealPath());
            assertThat(root.str()).startsWith("/oldroot" + tmp.toRealPath().resolve(".upper.work-"));
            assertThat(root.u32()).isEqualTo(FsOp.OVL_USERXATTR);
            root.done();
            List<Integer> codes = ops.stream().map(Op::code).toList();
            assertThat(codes).contains(FsOp.PROC, FsOp.DEVPTS, FsOp.MASK)
                    .doesNotContain(FsOp.SCRATCH).endsWith(FsOp.PIVOT);
            assertThat(codes.indexOf(FsOp.PROC)).isLessThan(codes.indexOf(FsOp.MASK));
            assertThat(codes.stream().filter(c -> c == FsOp.REMOUNT_RO).count())
                    .as("only runc's read-only paths, no root remount").isEqualTo(5);
            for (Op op : ops) {
                assertThat(op.code()).isBetween(OpCode.FS_FIRST, OpCode.FS_LAST);
            }
        }
    }

    @Test
    void theDefaultRootIsATmpfsOnTheBaseDirMadeReadOnlyJustBeforeThePivotWithTheSandboxsSysfs() throws Exception {
        try (PreparedMounts m = MountPlan.builder().tmpfs("/work", 1L << 30, 01777, 500_000).build().prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = PlanDecoder.fragment(w);
            Op root = ops.get(1);
            assertThat(root.code()).as("no base tmpfs, no first pivot").isEqualTo(FsOp.ROOT_BASE);
            assertThat(root.str()).isEqualTo(m.base().toString());
            assertThat(root.u64()).isEqualTo(1L << 20);
            assertThat(root.u64()).as("inodes").isEqualTo(1024);
            assertThat(root.u32()).isEqualTo(0755);
            root.done();
            assertThat(ops).extracting(Op::code).doesNotContain(FsOp.BASE, FsOp.ROOT_TMPFS);
            Op bind = ops.stream().filter(o -> o.code() == FsOp.BIND).findFirst().orElseThrow();
            assertThat(bind.str()).as("host paths without the old-root prefix").isEqualTo("/usr");
            Op last = ops.get(ops.size() - 2);
            assertThat(last.code()).isEqualTo(FsOp.REMOUNT_RO);
            assertThat(last.str()).isEqualTo("/");
            assertThat(last.u32()).as("the root mount alone").isZero();
            assertThat(ops.getLast().code()).isEqualTo(FsOp.PIVOT);
            Op sysfs = ops.stream().filter(o -> o.code() == FsOp.SYSFS).findFirst().orElseThrow();
            assertThat(sysfs.str()).isEqualTo("/sys");
            assertThat(sysfs.u64()).isEqualTo(FsOpEncoder.ATTR_RDONLY | FsOpEncoder.ATTR_NOSUID
                    | FsOpEncoder.ATTR_NODEV | FsOpEncoder.ATTR_NOEXEC);
            assertThat(sysfs.u32()).isEqualTo(FsOp.SYSFS_EMPTY_ON_EPERM);
            sysfs.done();
            List<String> tmpfsTargets = new ArrayList<>();
            for (Op op : ops.stream().filter(o -> o.code() == FsOp.TMPFS).toList()) {
                String target = op.str();
                tmpfsTargets.add(target);
                long size = op.u64();
                assertThat(op.u64()).as("inodes of " + target)
                        .isEqualTo(target.equals("/work") ? 500_000 : Math.max(1024, size / 8192));
            }
            assertThat(tmpfsTargets).containsExactlyInAnyOrder("/dev", "/dev/shm", "/tmp", "/run", "/work");
        }
    }

    @Test
    void theDefaultRootKeepsTheBaseWhenAHostPathIsAtOrAboveTheBaseDirOrFilesNeedTheScratch() throws Exception {
        Path base;
        try (PreparedMounts m = MountPlan.builder().build().prepare()) {
            base = m.base();
        }
        Path below = Files.createDirectories(tmp.resolve("below"));
        List<MountPlan> plans = List.of(
                MountPlan.builder().file("/etc/motd", new byte[] {'x'}, 0644).build(),
                MountPlan.builder().bindReadOnly(base, "/hostbase").build(),
                MountPlan.builder().bindReadOnly(Path.of("/"), "/host").build());
        if (below.toRealPath().startsWith(base)) {
            plans = new ArrayList<>(plans);
            plans.add(MountPlan.builder().bindReadOnly(below, "/below").build());
        }
        for (MountPlan plan : plans) {
            try (PreparedMounts m = plan.prepare()) {
                PlanWriter w = new PlanWriter();
                FsOpEncoder.encode(m, true, w);
                List<Op> ops = PlanDecoder.fragment(w);
                base(ops.get(1), m);
                assertThat(ops.get(2).code()).isEqualTo(FsOp.ROOT_TMPFS);
                assertThat(ops).extracting(Op::code).doesNotContain(FsOp.ROOT_BASE);
                Op bind = ops.stream().filter(o -> o.code() == FsOp.BIND).findFirst().orElseThrow();
                assertThat(bind.str()).as("host paths below the old root").startsWith("/oldroot");
            }
        }
    }

    @Test
    void hostRootIsClonedReadOnlyRecursively() throws Exception {
        try (PreparedMounts m = MountPlan.builder().root(RootSource.hostReadOnly()).build().prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, false, w);
            Op root = PlanDecoder.fragment(w).get(2);
            assertThat(root.code()).isEqualTo(FsOp.ROOT_BIND);
            assertThat(root.str()).as("the host's / after the first pivot").isEqualTo("/oldroot");
            assertThat(root.str()).isEqualTo("/newroot");
            assertThat(root.u32()).isEqualTo(FsOp.ROOT_RDONLY_REC);
        }
    }

    /**
     * After the base pivot "/" is the base tmpfs: every host path the shim
     * opens must be below the old root, or it would name the base, and a
     * host path through a symlink must be resolved, or an absolute link
     * would point into the base.
     */
    @Test
    void everyHostPathIsNamedBelowTheOldRootAndResolved() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real); // absolute target
        Path rootfs = Files.createDirectory(real.resolve("rootfs"));
        Path data = Files.createDirectory(real.resolve("data"));
        Path lower = Files.createDirectory(real.resolve("lower"));
        Path upper = Files.createDirectory(real.resolve("upper"));
        MountPlan plan = MountPlan.builder().root(RootSource.directory(link.resolve("rootfs"), true))
                .bind(data, "/data") // bind sources must hold no symlink: MountPlanValidationTest
                .overlay(List.of(link.resolve("lower")), link.resolve("upper"), "/ovl")
                .file("/etc/motd", new byte[] {'x'}, 0644)
                .build(); // with the default /dev binds and masks
        try (PreparedMounts m = plan.prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, w);
            List<Op> ops = PlanDecoder.fragment(w);
            base(ops.get(1), m);
            List<String> hostPaths = new ArrayList<>();
            List<String> basePaths = new ArrayList<>();
            for (Op op : ops.subList(2, ops.size())) {
                switch (op.code()) {
                    case FsOp.ROOT_BIND -> {
                        hostPaths.add(op.str());
                        basePaths.add(op.str());
                        op.u32();
                    }
                    case FsOp.ROOT_OVERLAY -> {
                        basePaths.add(op.str());
                        overlay(op, hostPaths);
                    }
                    case FsOp.BIND -> {
                        hostPaths.add(op.str());
                        op.str();
                        op.u32();
                    }
                    case FsOp.OVERLAY -> {
                        op.str();
                        overlay(op, hostPaths);
                    }
                    case FsOp.MASK -> {
                        op.str();
                        hostPaths.add(op.str());
                        op.u64();
                        op.u32();
                    }
                    case FsOp.SCRATCH -> {
                        basePaths.add(op.str());
                        op.u64();
                        op.u64();
                    }
                    default -> op.payload().position(op.payload().limit()); // no host path in the payload
                }
                op.done();
            }
            String r = real.toRealPath().toString();
            assertThat(hostPaths).contains("/oldroot" + r + "/rootfs", "/oldroot" + r + "/data",
                    "/oldroot" + r + "/lower", "/oldroot" + r + "/upper", "/oldroot/dev/null", "/oldroot/dev/zero");
            assertThat(hostPaths).allMatch(p -> p.startsWith("/oldroot/"), "below /oldroot/")
                    .noneMatch(p -> p.contains(link.toString()));
            assertThat(hostPaths.stream().filter(p -> p.startsWith("/oldroot" + r + "/.upper.work-")))
                    .as("the overlay's work dir").hasSize(1);
            assertThat(basePaths).containsExactly("/newroot", "/scratch");
        }
        assertThat(rootfs).exists();
        assertThat(data).exists();
        assertThat(lower).exists();
        assertThat(upper).exists();
    }

    private static void overlay(Op op, List<String> hostPaths) {
        for (int i = op.u32(); i > 0; i--) {
            hostPaths.add(op.str());
        }
        hostPaths.add(op.str());
        hostPaths.add(op.str());
        op.u32();
    }
}
