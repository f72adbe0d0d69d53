package dev.sandbox4j.junit;

import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import java.util.Optional;

/**
 * {@link HostProbe#system()}: the public {@link Sandbox#probe()}, asked once (it starts a sandbox per namespace)
 * for both answers.
 */
final class SystemProbe implements HostProbe {
    static final SystemProbe INSTANCE = new SystemProbe();

    /** The probe's key for whether this caller can have a cgroup of its own (and so limits). */
    static final String WRITABLE_CGROUP = "writable cgroup for this caller";

    private ProbeReport report;

    @Override
    public synchronized ProbeReport report() {
        if (report == null) {
            report = Sandbox.probe();
        }
        return report;
    }

    @Override
    public Optional<String> cgroupUnavailable() {
        return unavailable(report());
    }

    /** Why {@code r} says no cgroup can be had: the fact's value and fix; the layout's when the probe cannot tell. */
    static Optional<String> unavailable(ProbeReport r) {
        Optional<ProbeReport.Fact> writable = r.fact(WRITABLE_CGROUP);
        if (writable.isPresent()) {
            ProbeReport.Fact f = writable.get();
            return f.ok() ? Optional.empty() : Optional.of(f.value() + " (fix: " + f.fix() + ")");
        }
        return Optional.of(r.fact("cgroup layout").map(f -> f.value() + " (fix: " + f.fix() + ")")
                .orElse("the probe does not report a writable cgroup"));
    }

    @Override
    public String toString() {
        return "HostProbe.system()";
    }
}
