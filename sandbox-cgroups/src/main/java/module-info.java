/**
 * cgroup v1, v2 and hybrid discovery, limits, accounting and control: plain Java over cgroupfs.
 * Plumbing of {@code dev.sandbox4j.core}, exported to it (and to sandbox-junit's host check) alone:
 * users see limits and accounting through {@code SandboxBuilder} and {@code SandboxProcess}. The one
 * package every user may read is {@code dev.sandbox4j.units}, the typed values of the public API.
 */
@SuppressWarnings("module") // exported to core and junit, which are compiled after this module
module dev.sandbox4j.cgroups {
    exports dev.sandbox4j.units;
    exports dev.sandbox4j.cgroups to dev.sandbox4j.core, dev.sandbox4j.junit;
}
