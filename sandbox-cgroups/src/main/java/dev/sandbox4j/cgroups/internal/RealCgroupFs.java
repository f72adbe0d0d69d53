package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.ProcFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link CgroupFs} over the real file system; plain NIO, no shelling out. */
final class RealCgroupFs implements CgroupFs {

    @Override
    public String read(Path file) throws IOException {
        String s = ProcFile.read(file);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void write(Path file, String value) throws IOException {
        // No CREATE, no TRUNCATE: kernfs files exist or the controller is absent, and take one write each.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        // Files.delete on a directory is rmdir(2); cgroup directories hold only kernfs files, which rmdir allows.
        Files.delete(dir);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
