package dev.sandbox4j;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.internal.check.WorkspaceCheck;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;
import dev.sandbox4j.units.MemorySize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SandboxBuilder}'s mounts over the root: binds, workspaces, tmpfs, files, overlays,
 * proc and mqueue, links, directories, masks and read-only paths.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class MountSettings<B extends MountSettings<B>> extends RootSettings<B> {
    private boolean procAtProc; // the caller mounted a proc at /proc itself
    private final List<Path> workspaces = new ArrayList<>();

    MountSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    MountSettings(MountSettings<?> base) {
        super(base);
        procAtProc = base.procAtProc;
        workspaces.addAll(base.workspaces);
    }

    /** These settings as they are, for the resolver. */
    final SpecRequest.Filesystem filesystem() {
        return new SpecRequest.Filesystem(mountsCopy(), rootSource(), mountsChanged(), procAtProc, workspaces);
    }

    /**
     * Binds host {@code src} at {@code dst} inside, writable, with every submount. Refused when
     * {@code dst} is at or below /proc, /sys or /dev, or {@code src} is the host's / or at or below them.
     * No component of {@code src} may be a symlink (refused naming it; pass {@code src.toRealPath()}
     * to follow it).
     *
     * @param src the host file or directory
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B bind(Path src, String dst) {
        mounts().bind(src, dst);
        return self();
    }

    /**
     * Binds the caller's directory {@code hostDir} writable at {@code target}, so that root inside reads and
     * writes it whatever its owner and mode, and what the program creates there belongs to the caller
     * on the host. Rootless the caller is root inside already (a plain bind); as root it is an idmapped
     * mount mapping the caller's uid and gid on disk to root inside (Linux 5.12+, a filesystem that
     * supports it: {@code start()} says when it does not). {@code hostDir} must be an existing
     * directory, not a symlink.
     *
     * <pre>{@code
     * Path work = Files.createTempDirectory("judge");
     * Sandbox.builder().workspace(work, "/work").workDir("/work").command("./solution").start();
     * }</pre>
     *
     * @param hostDir an existing directory of the caller's, not a symlink
     * @param target  the absolute path inside the sandbox
     * @return this builder
     */
    public B workspace(Path hostDir, String target) {
        mounts().bind(WorkspaceCheck.check(hostDir, target), target);
        workspaces.add(hostDir);
        return self();
    }

    /**
     * Binds host {@code src} at {@code dst} inside, read-only down to every submount, e.g.
     * {@code bindReadOnly(Path.of("/opt/tool"), "/opt/tool")} to bring a program into the default
     * root. No component of {@code src} may be a symlink, as for {@link SandboxBuilder#bind(Path, String)}.
     * Binds host {@code src} at {@code dst} inside, read-only down to every submount.
     *
     * @param src the host file or directory
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B bindReadOnly(Path src, String dst) {
        mounts().bindReadOnly(src, dst);
        return self();
    }

    /**
     * A tmpfs of {@code size} ("64M", "1GiB", plain bytes) at {@code dst}, mode 1777.
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @return this builder
     */
    public B tmpfs(String dst, String size) {
        return tmpfs(dst, size, 01777);
    }

    /**
     * A tmpfs of {@code size} at {@code dst} with these permission bits (e.g. {@code 0755}), holding
     * at most one inode per 8 KiB of size (at least 1024).
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M", "64MB", "64MiB", "1G" or "1.5G" (powers of 1024)
     * @param mode the permission bits, e.g. 0755
     * @return this builder
     */
    public B tmpfs(String dst, String size, int mode) {
        long bytes = parseSize("tmpfs size at " + dst, size).bytes();
        return tmpfs(dst, size, mode, MountStep.Tmpfs.defaultInodes(Math.max(0, bytes)));
    }

    /**
     * As {@link SandboxBuilder#tmpfs(String, String, int)}, holding at most {@code inodes} files, directories
     * and links, e.g. {@code tmpfs("/work", "256M", 01777, 200_000)} for many small files.
     *
     * @param dst the absolute path inside the sandbox
     * @param size a size such as "64M" or "1.5G"
     * @param mode the permission bits, e.g. 0755
     * @param inodes the most files, directories and links it may hold
     * @return this builder
     */
    public B tmpfs(String dst, String size, int mode, long inodes) {
        return tmpfs(dst, parseSize("tmpfs size at " + dst, size), mode, inodes);
    }

    /**
     * As {@link SandboxBuilder#tmpfs(String, String, int, long)} with a typed size, e.g.
     * {@code tmpfs("/work", MemorySize.ofMebibytes(256), 01777, 200_000)}.
     *
     * @param dst the absolute path inside the sandbox
     * @param size the size
     * @param mode the permission bits, e.g. 0755
     * @param inodes the most files, directories and links it may hold
     * @return this builder
     */
    public B tmpfs(String dst, MemorySize size, int mode, long inodes) {
        mounts().tmpfs(dst, size.bytes(), mode, inodes);
        return self();
    }

    /**
     * A file at {@code dst} holding {@code content} (UTF-8), mode 0644: e.g. /etc/hosts.
     *
     * @param dst the absolute path inside the sandbox
     * @param content the file's content
     * @return this builder
     */
    public B file(String dst, String content) {
        return file(dst, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /**
     * A private file at {@code dst} with this content and mode; the host and the root are never written.
     *
     * @param dst     the absolute path inside the sandbox
     * @param content the file's content, at most 1 MiB
     * @param mode    the permission bits, e.g. 0644
     * @return this builder
     */
    public B file(String dst, byte[] content, int mode) {
        mounts().file(dst, content, mode);
        return self();
    }

    /**
     * An overlay at {@code dst}: {@code lowers} untouched, writes kept in {@code upper}.
     *
     * @param lowers the read-only layers, top-most first
     * @param upper the directory that receives the writes
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B overlay(List<Path> lowers, Path upper, String dst) {
        mounts().overlay(lowers, upper, dst);
        return self();
    }

    /**
     * A proc file system of the sandbox's pid namespace at {@code dst} ({@code /proc} is mounted by default).
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B proc(String dst) {
        mounts().proc(dst);
        procAtProc |= dst.equals("/proc");
        return self();
    }

    /**
     * A POSIX message queue file system at {@code dst}.
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B mqueue(String dst) {
        mounts().mqueue(dst);
        return self();
    }

    /**
     * A symbolic link at {@code dst} pointing to {@code linkTarget}.
     *
     * @param linkTarget what the link points to
     * @param dst        the absolute path of the link inside the sandbox
     * @return this builder
     */
    public B symlink(String linkTarget, String dst) {
        mounts().symlink(linkTarget, dst);
        return self();
    }

    /**
     * A directory at {@code dst} with this mode (under a tmpfs or a writable root).
     *
     * @param dst  the absolute path inside the sandbox
     * @param mode the permission bits, e.g. 0755
     * @return this builder
     */
    public B dir(String dst, int mode) {
        mounts().dir(dst, mode);
        return self();
    }

    /**
     * Makes {@code dst} and everything mounted below it read-only, after all mounts.
     *
     * @param dst the absolute path inside the sandbox
     * @return this builder
     */
    public B remountReadOnly(String dst) {
        mounts().remountReadOnly(dst);
        return self();
    }

    /**
     * Hides {@code path}: /dev/null over a file, an empty read-only tmpfs over a directory.
     *
     * @param path the absolute path inside the sandbox
     * @return this builder
     */
    public B maskPath(String path) {
        mounts().maskPath(path);
        return self();
    }

    /**
     * Makes {@code path} read-only (as runc does for parts of /proc).
     *
     * @param path the absolute path inside the sandbox
     * @return this builder
     */
    public B readOnlyPath(String path) {
        mounts().readOnlyPath(path);
        return self();
    }

    /**
     * runc's masked and read-only /proc and /sys paths; on by default.
     *
     * @param on true to turn it on, false to turn it off
     * @return this builder
     */
    public B defaultMasks(boolean on) {
        mounts().defaultMasks(on);
        return self();
    }
}
