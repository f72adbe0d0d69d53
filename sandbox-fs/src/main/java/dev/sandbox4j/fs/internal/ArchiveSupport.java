package dev.sandbox4j.fs.internal;

/**
 * Tar and OCI roots read archives with Apache Commons Compress, an optional
 * dependency: the library itself needs nothing but the JDK. Checked when a tar
 * root is asked for, so a missing jar is one message naming the artifact,
 * before anything is unpacked or spawned, not a {@code NoClassDefFoundError}.
 */
public final class ArchiveSupport {
    /** The Maven coordinates to add, as the message names them. */
    public static final String ARTIFACT = "org.apache.commons:commons-compress";
    /** The version the library is built and tested with. */
    public static final String TESTED_VERSION = "1.27.1";
    private static final String PROBE = "org.apache.commons.compress.archivers.tar.TarArchiveInputStream";

    private ArchiveSupport() {}

    /**
     * Returns when archive support is present.
     *
     * @param what the call that needs it, for the message ("rootfsFromTar /srv/img.tar")
     * @throws IllegalStateException naming the artifact to add when it is missing
     */
    public static void require(String what) {
        if (!present(ArchiveSupport.class.getClassLoader())) {
            throw new IllegalStateException(what + " needs tar support, an optional dependency: add " + ARTIFACT
                    + " (" + TESTED_VERSION + " or newer) to the class path, or on the module path add it and "
                    + "--add-modules org.apache.commons.compress (or 'requires org.apache.commons.compress' in "
                    + "your module)");
        }
    }

    static boolean present(ClassLoader loader) {
        try {
            Class<?> tar = Class.forName(PROBE, false, loader);
            Module self = ArchiveSupport.class.getModule();
            return !self.isNamed() || self.canRead(tar.getModule()); // requires static: read only if resolved
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
