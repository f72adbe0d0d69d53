/**
 * One cgroup per sandbox on cgroup v1, v2 and hybrid hosts: {@link dev.sandbox4j.cgroups.CgroupHost#detect()}
 * finds the layout, {@link dev.sandbox4j.cgroups.CgroupHost#create(String, CgroupLimits)} makes a limited
 * {@link dev.sandbox4j.cgroups.SandboxCgroup} that can be joined, frozen, killed, measured and removed.
 */
package dev.sandbox4j.cgroups;
