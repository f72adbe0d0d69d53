package dev.sandbox4j.fs.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * Reads one extended attribute without following symlinks. user.* comes
 * from NIO; trusted.* (rootful overlayfs) needs lgetxattr through FFM,
 * which is used when the JVM allows native access and skipped (logged)
 * otherwise.
 */
final class Xattrs {
    private static final System.Logger LOG = System.getLogger(Xattrs.class.getName());
    private static final MethodHandle LGETXATTR = lookup();

    private Xattrs() {}

    static Optional<String> get(Path p, String name) {
        if (LGETXATTR != null) {
            return native_(p, name);
        }
        if (name.startsWith("user.")) {
            return viaNio(p, name.substring(5));
        }
        return Optional.empty();
    }

    private static Optional<String> viaNio(Path p, String name) {
        try {
            var view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view == null || !view.list().contains(name)) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.allocate(view.size(name));
            view.read(name, b);
            return Optional.of(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        } catch (Exception e) { // symlinks and special files refuse user xattrs
            return Optional.empty();
        }
    }

    private static Optional<String> native_(Path p, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            long n = (long) LGETXATTR.invokeExact(a.allocateFrom(p.toString()), a.allocateFrom(name), buf, 256L);
            if (n < 0) {
                return Optional.empty();
            }
            byte[] bytes = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    private static MethodHandle lookup() {
        try {
            Linker l = Linker.nativeLinker();
            return l.defaultLookup().find("lgetxattr").map(f -> l.downcallHandle(f, FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG))).orElse(null);
        } catch (RuntimeException e) { // IllegalCallerException without native access
            LOG.log(Level.INFO, "no native access for dev.sandbox4j.fs: trusted.overlay.* xattrs are not read ({0})",
                    e.toString());
            return null;
        }
    }
}
