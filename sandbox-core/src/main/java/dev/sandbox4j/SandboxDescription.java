package dev.sandbox4j;

import dev.sandbox4j.internal.describe.RecordTree;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration of a running sandbox, as the host sees it
 * through {@code /proc}: what {@code docker inspect} tells about a container.
 * Read by {@link SandboxProcess#describe()}.
 *
 * <pre>{@code
 * try (SandboxProcess p = Sandbox.builder().memory("64M").command("sleep", "60").start()) {
 *     SandboxDescription d = p.describe();
 *     d.namespaces().forEach(ns -> System.out.println(ns.type() + " " + ns.inode() + (ns.sharedWithHost() ? " shared" : "")));
 *     System.out.println(d.toJson());
 * }
 * }</pre>
 *
 * @param initPid           the sandbox's init (PID 1 inside) as the host numbers it
 * @param programPid        the program (the command) as the host numbers it
 * @param hostUid           the program's real uid as the host sees it
 * @param hostGid           the program's real gid as the host sees it
 * @param namespaces        every namespace type of the program, by inode number of {@code /proc/PID/ns/TYPE}
 * @param mounts            the program's mount table ({@code /proc/PID/mountinfo}), in its order
 * @param cgroup            the sandbox's cgroup, or null without one (no limit and no accounting)
 * @param seccomp           the filter the program runs under
 * @param capabilities      the program's capability sets
 * @param noNewPrivs        {@code NoNewPrivs} of the program
 * @param rlimits           the program's resource limits ({@code /proc/PID/limits})
 * @param networkInterfaces the interfaces of the program's network namespace ({@code /proc/PID/net/dev})
 * @param networkAddresses  the addresses of that namespace's interfaces: IPv4 from {@code /proc/PID/net/fib_trie}'s
 *                          local entries, IPv6 from {@code /proc/PID/net/if_inet6} ({@code "10.88.0.2"},
 *                          {@code "::1"})
 * @param network           the network the sandbox was given, in words: its mode ({@code none}, {@code host},
 *                          {@code egress}, {@code nat}, a private network with the member's address and name) and
 *                          its published ports
 */
public record SandboxDescription(long initPid, long programPid, long hostUid, long hostGid,
        List<Namespace> namespaces, List<Mount> mounts, Cgroup cgroup, Seccomp seccomp,
        Capabilities capabilities, boolean noNewPrivs, List<Rlimit> rlimits, List<String> networkInterfaces,
        List<String> networkAddresses, String network) {

    /** Copies the lists. */
    public SandboxDescription {
        namespaces = List.copyOf(namespaces);
        mounts = List.copyOf(mounts);
        rlimits = List.copyOf(rlimits);
        networkInterfaces = List.copyOf(networkInterfaces);
        networkAddresses = List.copyOf(networkAddresses);
    }

    /**
     * One namespace of the program.
     *
     * @param type           as in /proc/PID/ns: user, pid, mnt, net, uts, ipc, cgroup, time
     * @param inode          the namespace's inode number ({@code mnt:[4026532601]})
     * @param sharedWithHost the JVM is in the same one
     */
    public record Namespace(String type, long inode, boolean sharedWithHost) {}

    /**
     * One line of the program's mountinfo.
     *
     * @param mountPoint where it is mounted, as the sandbox sees it
     * @param root       the path inside its filesystem that is mounted there: for a bind of a host
     *                   directory, that directory on its host filesystem
     * @param fsType     filesystem type
     * @param source     the mount source (a device, or "tmpfs", "proc", ...)
     * @param options    per-mount options (ro, nosuid, ...)
     */
    public record Mount(String mountPoint, String root, String fsType, String source, String options) {}

    /**
     * The sandbox's cgroup.
     *
     * @param directories the sandbox's cgroup directories on the host (one on v2, one per controller on v1)
     * @param membership  the lines of /proc/PID/cgroup as the host reads them
     * @param limits      the limits the sandbox was given, by name as the builder calls them
     *                      ({@code memory} = {@code "64M"}, {@code pids} = {@code "32"}; unset ones absent)
     * @param usage       the accounting right now
     */
    public record Cgroup(List<String> directories, List<String> membership, Map<String, String> limits,
            SandboxStats usage) {
        /** Copies the lists and the map. */
        public Cgroup {
            directories = List.copyOf(directories);
            membership = List.copyOf(membership);
            limits = Map.copyOf(limits);
        }
    }

    /**
     * The seccomp filter.
     *
     * @param profile      "default", "custom" (a profile of the caller's) or "none"
     * @param filterSha256 SHA-256 of the BPF program installed (hex), empty for none
     * @param mode         {@code Seccomp:} of /proc/PID/status (0 none, 2 filter)
     * @param filters      {@code Seccomp_filters:}, the number of filters stacked
     */
    public record Seccomp(String profile, String filterSha256, int mode, int filters) {}

    /**
     * The sets as /proc/PID/status shows them (hex masks), and the effective set by name.
     *
     * @param effective      CapEff
     * @param permitted      CapPrm
     * @param inheritable    CapInh
     * @param bounding       CapBnd
     * @param ambient        CapAmb
     * @param effectiveNames the capabilities of CapEff, as {@link dev.sandbox4j.Capability} names
     */
    public record Capabilities(String effective, String permitted, String inheritable, String bounding,
            String ambient, List<String> effectiveNames) {
        /** Copies the list. */
        public Capabilities {
            effectiveNames = List.copyOf(effectiveNames);
        }
    }

    /**
     * One line of /proc/PID/limits.
     *
     * @param name as there ("Max open files")
     * @param soft the soft limit as shown there ("unlimited" or a number)
     * @param hard the hard limit likewise
     */
    public record Rlimit(String name, String soft, String hard) {}

    /**
     * This description as one JSON object, field names as the record components.
     *
     * @return the JSON text
     */
    public String toJson() {
        return RecordTree.json(this);
    }
}
