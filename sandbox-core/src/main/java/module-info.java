/**
 * sandbox4j: run untrusted programs in Linux sandboxes.
 *
 * <p>Start at {@link dev.sandbox4j.Sandbox#builder()}. Every type a user needs is in
 * {@code dev.sandbox4j} (sizes: {@code dev.sandbox4j.units.MemorySize}); the filesystem and cgroup modules are plumbing, read by this
 * module alone. Native calls need {@code --enable-native-access=dev.sandbox4j.core}.
 */
@SuppressWarnings("module") // the qualified export names sandbox-junit, which is built after this module
module dev.sandbox4j.core {
    requires transitive dev.sandbox4j.cgroups; // for dev.sandbox4j.units (MemorySize) alone
    requires dev.sandbox4j.fs;

    exports dev.sandbox4j;
    // for sandbox-junit: closes what a test started
    exports dev.sandbox4j.internal.track to dev.sandbox4j.junit;
}
