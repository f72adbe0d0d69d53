package dev.sandbox4j;

import dev.sandbox4j.cgroups.CgroupHost;

/** The cgroup part of {@link ProbeReport}. */
final class CgroupProbe {
    private CgroupProbe() {}

    static String describe() {
        try {
            return String.join("\n", CgroupHost.detect().describe());
        } catch (RuntimeException e) {
            return "cannot read the cgroup layout: " + e.getMessage();
        }
    }
}
