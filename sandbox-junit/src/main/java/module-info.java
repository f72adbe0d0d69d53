/**
 * sandbox4j for JUnit 5 tests: {@link dev.sandbox4j.junit.SandboxExtension} (or
 * {@link dev.sandbox4j.junit.SandboxTest})
 * injects preset builders and sandboxes and closes what a test started; {@link dev.sandbox4j.junit.SandboxAssertions}
 * asserts on how a sandboxed program ended.
 */
module dev.sandbox4j.junit {
    requires transitive dev.sandbox4j.core;
    requires dev.sandbox4j.fs; // TempTree, exported to this module alone
    requires transitive org.junit.jupiter.api;
    requires static transitive org.assertj.core;

    exports dev.sandbox4j.junit;
}
