/**
 * sandbox4j: run untrusted programs in Linux sandboxes.
 *
 * <p>Start at {@link dev.sandbox4j.Sandbox#builder()}.
 */
@SuppressWarnings("module") // the qualified export names sandbox-junit, which is built after this module
module dev.sandbox4j.core {
    requires transitive dev.sandbox4j.cgroups;
    requires transitive dev.sandbox4j.fs;

    exports dev.sandbox4j;
    // for sandbox-junit: closes what a test started
    exports dev.sandbox4j.internal.track to dev.sandbox4j.junit;
}
