package dev.sandbox4j.junit;

import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.cgroups.CgroupHost;
import java.util.Optional;

/** {@link HostProbe#system()}. */
final class SystemProbe implements HostProbe {
    static final SystemProbe INSTANCE = new SystemProbe();

    @Override
    public ProbeReport report() {
        return Sandbox.probe();
    }

    @Override
    public Optional<String> cgroupUnavailable() {
        return CgroupHost.detect().unavailableReason();
    }

    @Override
    public String toString() {
        return "HostProbe.system()";
    }
}
