/**
 * sandbox4j: run untrusted programs in Linux sandboxes.
 *
 * <p>Start at {@link dev.sandbox4j.Sandbox#builder()}. Every type a user needs is in
 * {@code dev.sandbox4j}; the filesystem and cgroup modules are plumbing, read by this
 * module alone. Native calls need {@code --enable-native-access=dev.sandbox4j.core}.
 */
module dev.sandbox4j.core {
    requires dev.sandbox4j.cgroups;
    requires dev.sandbox4j.fs;

    exports dev.sandbox4j;
}
