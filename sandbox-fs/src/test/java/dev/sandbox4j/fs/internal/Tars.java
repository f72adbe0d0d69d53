package dev.sandbox4j.fs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tars entry by entry, hostile ones included. */
final class Tars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out;

    Tars() {
        this(null);
    }

    Tars(OutputStream target) {
        out = new TarArchiveOutputStream(target != null ? target : bytes);
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Tars dir(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040755);
        return put(e, null);
    }

    Tars file(String name, String content) throws IOException {
        return file(name, content, 0100644);
    }

    Tars file(String name, String content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(mode);
        return put(e, content.getBytes(StandardCharsets.UTF_8));
    }

    Tars file(String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100644);
        return put(e, content);
    }

    Tars symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    Tars hardlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    Tars charDevice(String name, int major, int minor) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    private Tars put(TarArchiveEntry e, byte[] content) throws IOException {
        e.setSize(content == null ? 0 : content.length);
        out.putArchiveEntry(e);
        if (content != null) {
            out.write(content);
        }
        out.closeArchiveEntry();
        return this;
    }

    byte[] finish() throws IOException {
        out.finish();
        out.close();
        return bytes.toByteArray();
    }
}
