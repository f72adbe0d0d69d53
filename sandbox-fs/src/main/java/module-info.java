/** Mount plans, root filesystem sources and the diff of a writable layer. */
@SuppressWarnings("module") // the qualified export names sandbox-junit, which is built after this module
module dev.sandbox4j.fs {
    requires org.apache.commons.compress;

    exports dev.sandbox4j.fs;
    // for sandbox-junit: removes a test's temporary root and workspace
    exports dev.sandbox4j.fs.internal to dev.sandbox4j.junit;
}
