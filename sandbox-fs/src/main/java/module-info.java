/**
 * Mount plans, root filesystem sources and the diff of a writable layer. Plumbing of
 * {@code dev.sandbox4j.core}, exported to it alone.
 *
 * <p>Tar and OCI roots ({@code rootfsFromTar}) need Apache Commons Compress, an optional
 * dependency the user adds; everything else needs nothing but the JDK.
 */
@SuppressWarnings("module") // exported to core, which is compiled after this module
module dev.sandbox4j.fs {
    requires static org.apache.commons.compress;

    exports dev.sandbox4j.fs to dev.sandbox4j.core;
    // for sandbox-junit: removes a test's temporary root and workspace
    exports dev.sandbox4j.fs.internal to dev.sandbox4j.junit;
}
