/** Mount plans, root filesystem sources and the diff of a writable layer. */
module dev.sandbox4j.fs {
    requires org.apache.commons.compress;

    exports dev.sandbox4j.fs;
}
