/** cgroup v1, v2 and hybrid discovery, limits, accounting and control: plain Java over cgroupfs. */
module dev.sandbox4j.cgroups {
    exports dev.sandbox4j.cgroups;
}
