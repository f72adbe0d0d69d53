package dev.sandbox4j.fs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One step of a {@link MountPlan}. Targets are absolute, normalised paths
 * inside the new root; sources are host paths.
 */
public sealed interface MountStep {
    /** Where the step acts, inside the new root. */
    String target();

    /** Recursive bind of a host file or directory; read-only applies to every submount. */
    record Bind(Path source, String target, boolean readOnly) implements MountStep {}

    /**
     * A fresh tmpfs (always nosuid, nodev) holding at most {@code inodes}
     * files, directories and links (its root counts as one).
     */
    record Tmpfs(String target, long sizeBytes, int mode, boolean noExec, long inodes) implements MountStep {
        /** One inode per this many bytes of size: a file with any content takes at least a page. */
        public static final long BYTES_PER_INODE = 8L << 10;
        /** The fewest inodes a tmpfs gets, so a small tmpfs still holds its mount points and links. */
        public static final long MIN_INODES = 1024;

        /** A tmpfs with {@link #defaultInodes(long)} inodes. */
        public Tmpfs(String target, long sizeBytes, int mode, boolean noExec) {
            this(target, sizeBytes, mode, noExec, defaultInodes(sizeBytes));
        }

        /**
         * The inode limit a tmpfs of {@code sizeBytes} gets unless given:
         * one per {@value #BYTES_PER_INODE} bytes, at least {@value #MIN_INODES}
         * (16 384 for 128 MiB). An empty file takes no page but about 1 KiB of
         * kernel memory, so without a limit a loop of empty files costs the
         * host far more than the size says.
         */
        public static long defaultInodes(long sizeBytes) {
            return Math.max(MIN_INODES, sizeBytes / BYTES_PER_INODE);
        }
    }

    /**
     * A fresh sysfs, read-only: it shows the devices of the sandbox's own
     * network namespace (only {@code lo} in a new one). The kernel refuses
     * it inside a container whose own /sys has masked paths; with
     * {@code emptyWhenRefused} an empty read-only tmpfs is mounted instead
     * (nothing of the host's /sys shows), otherwise the start fails.
     */
    record Sysfs(String target, boolean emptyWhenRefused) implements MountStep {}

    /** proc of the sandbox's pid namespace. */
    record Proc(String target) implements MountStep {}

    /** A private devpts instance with its own ptmx. */
    record Devpts(String target) implements MountStep {}

    /** mqueue of the sandbox's ipc namespace. */
    record Mqueue(String target) implements MountStep {}

    /** An overlay: {@code lowers} top-most first (as overlayfs's lowerdir), writes go to {@code upper}. */
    record Overlay(List<Path> lowers, Path upper, String target) implements MountStep {
        public Overlay {
            lowers = List.copyOf(lowers);
        }
    }

    /** A symbolic link at {@code target} whose content is {@code linkTarget}. */
    record Symlink(String linkTarget, String target) implements MountStep {}

    /** A directory (and its missing parents). */
    record Dir(String target, int mode) implements MountStep {}

    /** A private file with the given content, mounted over (or created at) {@code target}. */
    record File(String target, byte[] content, int mode) implements MountStep {
        public File {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof File f && f.target.equals(target) && f.mode == mode
                    && Arrays.equals(f.content, content);
        }

        @Override
        public int hashCode() {
            return target.hashCode() * 31 + Arrays.hashCode(content) + mode;
        }

        @Override
        public String toString() {
            String head = HexFormat.of().formatHex(content, 0, Math.min(16, content.length));
            return "File[target=" + target + ", " + content.length + " bytes " + head
                    + ", mode=0" + Integer.toOctalString(mode) + "]";
        }
    }

    /** Makes {@code target} read-only after every mount was made. */
    record RemountReadOnly(String target, boolean recursive) implements MountStep {}

    /** Hides a path (runc's masked paths); a missing path is skipped. */
    record Mask(String target) implements MountStep {}

    /** Makes a path read-only (runc's read-only paths); a missing path is skipped. */
    record ReadOnlyPath(String target) implements MountStep {}
}
