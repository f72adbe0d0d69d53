package dev.sandbox4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.SandboxBuilder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.TestAbortedException;

/**
 * A host that cannot sandbox, simulated through the probe seam: its tests are aborted with the probe's reason, or
 * fail when the sandbox is required (by the annotation or a configuration parameter). No sandbox is started here.
 */
class HostCapabilityTest {
    static final AtomicInteger RAN = new AtomicInteger();
    static final AtomicInteger PROBED = new AtomicInteger();

    static final String NO_USERNS = "unshare(CLONE_NEWUSER): EPERM (simulated: kernel.unprivileged_userns_clone = 0)";

    static ProbeReport report(Namespace broken, String why) {
        PROBED.incrementAndGet();
        Map<Namespace, String> ns = new EnumMap<>(Namespace.class);
        for (Namespace n : Namespace.values()) {
            ns.put(n, n == broken ? why : "ok");
        }
        return new ProbeReport("6.1.0-simulated", false, ns, Map.of("kernel.unprivileged_userns_clone", "0"),
                java.util.List.of(ProbeReport.Fact.yes("cgroups", "v2 (simulated)"),
                        ProbeReport.Fact.yes("shim runs from", "memfd (simulated)")));
    }

    public static class NoUserNamespaces implements HostProbe {
        @Override
        public ProbeReport report() {
            return HostCapabilityTest.report(Namespace.USER, NO_USERNS);
        }

        @Override
        public Optional<String> cgroupUnavailable() {
            return Optional.empty();
        }
    }

    public static class NoCgroup implements HostProbe {
        @Override
        public ProbeReport report() {
            return HostCapabilityTest.report(null, null);
        }

        @Override
        public Optional<String> cgroupUnavailable() {
            return Optional.of("no writable cgroup (simulated)");
        }
    }

    @SandboxTest
    static class Plain {
        @Test
        void one(SandboxBuilder sandbox) {
            RAN.incrementAndGet();
        }

        @Test
        void two(SandboxBuilder sandbox) {
            RAN.incrementAndGet();
        }
    }

    @SandboxTest(requireSandbox = true)
    static class Required {
        @Test
        void one(SandboxBuilder sandbox) {
            RAN.incrementAndGet();
        }
    }

    @SandboxTest
    static class Limited {
        @Test
        @SandboxConfig(memory = "64M")
        void limited(SandboxBuilder sandbox) {
            RAN.incrementAndGet();
        }

        @Test
        void unlimited(SandboxBuilder sandbox) {
            RAN.incrementAndGet();
        }
    }

    @SandboxTest
    @SandboxConfig(share = Namespace.USER)
    static class SharesTheUserNamespace {
        @Test
        void runs() {
            RAN.incrementAndGet();
        }
    }

    @BeforeEach
    void reset() {
        RAN.set(0);
        PROBED.set(0);
    }

    private static Map<String, String> probe(Class<? extends HostProbe> probe) {
        return Map.of(SandboxExtension.HOST_PROBE, probe.getName());
    }

    @Test
    void withoutUserNamespacesEachTestIsAbortedWithTheProbesReasonAndTheHostIsProbedOnce() {
        Events tests = Kit.run(Plain.class, probe(NoUserNamespaces.class)).testEvents();
        tests.assertStatistics(s -> s.started(2).aborted(2).failed(0).succeeded(0));
        assertThat(Kit.throwables(tests, Status.ABORTED)).allSatisfy(t -> assertThat(t)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("this host cannot run the sandbox the test asks for: user namespace: " + NO_USERNS)
                .hasMessageContaining("sandbox4j probe\n  kernel:     6.1.0-simulated")
                .hasMessageContaining("sysctl kernel.unprivileged_userns_clone = 0"));
        assertThat(RAN).hasValue(0);
        assertThat(PROBED).hasValue(1);
    }

    @Test
    void requireSandboxTurnsTheAbortIntoAFailure() {
        Events tests = Kit.run(Required.class, probe(NoUserNamespaces.class)).testEvents();
        tests.assertStatistics(s -> s.started(1).failed(1).aborted(0));
        assertThat(Kit.throwables(tests, Status.FAILED)).singleElement().satisfies(t -> assertThat(t)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("this host cannot run the sandbox the test asks for: user namespace: " + NO_USERNS));
        assertThat(RAN).hasValue(0);
    }

    @Test
    void soDoesTheConfigurationParameterAsCiWouldSetIt() {
        Map<String, String> params = Map.of(SandboxExtension.HOST_PROBE, NoUserNamespaces.class.getName(),
                SandboxExtension.REQUIRE_SANDBOX, "true");
        Kit.run(Plain.class, params).testEvents().assertStatistics(s -> s.started(2).failed(2).aborted(0));
        assertThat(RAN).hasValue(0);
    }

    @Test
    void withoutACgroupOnlyTheTestWithALimitIsAborted() {
        Events tests = Kit.run(Limited.class, probe(NoCgroup.class)).testEvents();
        tests.assertStatistics(s -> s.started(2).aborted(1).succeeded(1));
        assertThat(Kit.throwables(tests, Status.ABORTED)).singleElement().satisfies(t -> assertThat(t)
                .hasMessageStartingWith("this host cannot run the sandbox the test asks for: memory limit 64M needs "
                        + "a cgroup: no writable cgroup (simulated)"));
        assertThat(RAN).hasValue(1);
    }

    @Test
    void aTestThatSharesTheMissingNamespaceNeedsNothingMore() {
        Kit.run(SharesTheUserNamespace.class, probe(NoUserNamespaces.class)).testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RAN).hasValue(1);
    }

    @Test
    void anUnknownProbeClassIsNamed() {
        Events tests = Kit.run(Plain.class, Map.of(SandboxExtension.HOST_PROBE, "no.such.Probe")).testEvents();
        tests.assertStatistics(s -> s.failed(2));
        assertThat(Kit.throwables(tests, Status.FAILED)).allSatisfy(t -> assertThat(t)
                .hasMessage("sandbox4j.junit.hostProbe no.such.Probe: no such class"));
    }
}
