package dev.sandbox4j;

/** The cgroup part of {@link ProbeReport}; filled in from sandbox-cgroups. */
final class CgroupProbe {
    private CgroupProbe() {}

    static String describe() {
        return "not probed yet";
    }
}
