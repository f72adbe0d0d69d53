package dev.sandbox4j.internal.describe;

import dev.sandbox4j.Capability;
import dev.sandbox4j.SandboxDescription;
import dev.sandbox4j.SandboxStats;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.seccomp.SeccompCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link SandboxDescription} from the host side: /proc of the
 * program (dumpable after its execve, so readable by the caller rootless
 * too; the init is not) and the sandbox's cgroup.
 */
public final class Inspector {
    /** As /proc/PID/ns names them; time last (Linux 5.6). */
    private static final List<String> NS = List.of("user", "pid", "mnt", "net", "uts", "ipc", "cgroup", "time");
    private static volatile byte[] defaultFilter;

    private Inspector() {}

    /**
     * @param seccompFilter the filter the sandbox was given, or null
     * @param limits        the cgroup limits given (with {@code cgroup})
     */
    public static SandboxDescription describe(long initPid, long program, byte[] seccompFilter, SandboxCgroup cgroup,
            CgroupLimits limits, SandboxStats usage, String network) throws IOException {
        Path proc = Path.of("/proc/" + program);
        String status = ProcFiles.read(proc.resolve("status"));
        List<SandboxDescription.Namespace> namespaces = new ArrayList<>();
        for (String type : NS) {
            Path link = proc.resolve("ns").resolve(type);
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                long inode = ProcFiles.nsInode(link);
                namespaces.add(new SandboxDescription.Namespace(type, inode,
                        inode == ProcFiles.nsInode(Path.of("/proc/self/ns").resolve(type))));
            }
        }
        SandboxDescription.Cgroup cg = null;
        if (cgroup != null) {
            cg = new SandboxDescription.Cgroup(cgroup.directories().stream().map(Path::toString).toList(),
                    ProcFiles.read(proc.resolve("cgroup")).lines().toList(), byName(limits), usage);
        }
        return new SandboxDescription(initPid, program, firstId(status, "Uid"), firstId(status, "Gid"), namespaces,
                mounts(ProcFiles.read(proc.resolve("mountinfo"))), cg, seccomp(seccompFilter, status),
                capabilities(status), ProcFiles.field(status, "NoNewPrivs").equals("1"),
                rlimits(ProcFiles.read(proc.resolve("limits"))), interfaces(ProcFiles.read(proc.resolve("net/dev"))),
                NetAddresses.of(ProcFiles.read(proc.resolve("net/fib_trie")),
                        ProcFiles.read(proc.resolve("net/if_inet6"))), network);
    }

    /** The limits that are set, by component name, as text ("64M", "0.5", "32"). */
    private static Map<String, String> byName(CgroupLimits limits) {
        Map<String, String> out = new LinkedHashMap<>();
        if (limits != null && RecordTree.tree(limits) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                    out.put(k.toString(), v.toString());
                }
            });
        }
        return out;
    }

    private static long firstId(String status, String name) {
        return Long.parseLong(ProcFiles.field(status, name).split("\\s+")[0]);
    }

    /** mountinfo: id parent major:minor root mountpoint options [optional...] - fstype source superoptions */
    static List<SandboxDescription.Mount> mounts(String mountinfo) {
        List<SandboxDescription.Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            out.add(new SandboxDescription.Mount(unescape(f[4]), unescape(f[3]), f[dash + 1],
                    unescape(f[dash + 2]), f[5]));
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static SandboxDescription.Seccomp seccomp(byte[] filter, String status) {
        String mode = ProcFiles.field(status, "Seccomp"), filters = ProcFiles.field(status, "Seccomp_filters");
        int m = mode.isEmpty() ? 0 : Integer.parseInt(mode), n = filters.isEmpty() ? 0 : Integer.parseInt(filters);
        if (filter == null) {
            return new SandboxDescription.Seccomp("none", "", m, n);
        }
        byte[] dflt = defaultFilter;
        if (dflt == null) {
            defaultFilter = dflt = SeccompCompiler.compile(SeccompProfile.defaultProfile());
        }
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(filter));
            return new SandboxDescription.Seccomp(Arrays.equals(filter, dflt) ? "default" : "custom", sha, m, n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static SandboxDescription.Capabilities capabilities(String status) {
        String eff = ProcFiles.field(status, "CapEff");
        long mask = eff.isEmpty() ? 0 : Long.parseUnsignedLong(eff, 16);
        List<String> names = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (c.number() < 64 && (mask & (1L << c.number())) != 0) {
                names.add(c.name());
            }
        }
        return new SandboxDescription.Capabilities(eff, ProcFiles.field(status, "CapPrm"),
                ProcFiles.field(status, "CapInh"), ProcFiles.field(status, "CapBnd"), ProcFiles.field(status, "CapAmb"),
                names);
    }

    /** /proc/PID/limits: a header, then "Max open files  1024  4096  files" with names of several words. */
    static List<SandboxDescription.Rlimit> rlimits(String limits) {
        List<SandboxDescription.Rlimit> out = new ArrayList<>();
        for (String line : limits.split("\n")) {
            if (line.isBlank() || line.startsWith("Limit")) {
                continue;
            }
            String name = line.substring(0, Math.min(26, line.length())).strip();
            String[] rest = line.length() > 26 ? line.substring(26).strip().split("\\s+") : new String[0];
            if (rest.length >= 2) {
                out.add(new SandboxDescription.Rlimit(name, rest[0], rest[1]));
            }
        }
        return out;
    }

    /** /proc/PID/net/dev: two header lines, then "  lo: 0 0 ...". */
    static List<String> interfaces(String netDev) {
        List<String> out = new ArrayList<>();
        for (String line : netDev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.contains("|")) {
                out.add(line.substring(0, colon).strip());
            }
        }
        return out;
    }
}
