package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One private network: its hidden switch (a sandbox of the library's own whose network namespace holds the
 * bridge each member's veth pair joins), its members' addresses and names, and the hosts file every member sees
 * as {@code /etc/hosts}. Removed when closed and its last member ended.
 */
public final class PrivateNetwork {
    private static final System.Logger LOG = System.getLogger(PrivateNetwork.class.getName());
    /** The bridge in the switch's namespace. */
    static final String BRIDGE = "br0";
    private static final Map<Object, PrivateNetwork> OPEN = new IdentityHashMap<>();

    /** A member's place on the network, held while its sandbox runs. */
    public record Lease(PrivateNetwork network, int address, String hostname) {
        /** The switch's end of the member's veth pair: unique in the switch, as the address is. */
        public String outside() {
            return "v" + Integer.toHexString(address);
        }
    }

    private final String name;
    private final PrivateSubnet subnet;
    private final SandboxProcess sw;
    private final Path hosts;
    private final Map<Integer, Lease> members = new LinkedHashMap<>();
    private boolean closed;

    private PrivateNetwork(String name, PrivateSubnet subnet, SandboxProcess sw, Path hosts) {
        this.name = name;
        this.subnet = subnet;
        this.sw = sw;
        this.hosts = hosts;
    }

    /**
     * Checks everything, then starts the switch.
     *
     * @param owner the public handle this network is found by
     * @throws IllegalArgumentException for a bad name or subnet, or one that overlaps another network or a route
     */
    public static PrivateNetwork create(Object owner, String name, String subnet) throws IOException {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("network name '" + name + "' is not 1-63 lower-case letters, digits, "
                    + "'_', '.' or '-' (starting with a letter or digit)");
        }
        PrivateSubnet s = PrivateSubnet.parse(subnet);
        for (String[] route : HostRoutes.ipv4()) {
            PrivateSubnet r = new PrivateSubnet(Integer.parseUnsignedInt(route[1]), Integer.parseInt(route[2]));
            if (r.prefix() > 0 && r.overlaps(s)) {
                throw new IllegalArgumentException("subnet " + s + " overlaps the host's route " + r + " on "
                        + route[0] + ": choose a range the host does not use");
            }
        }
        synchronized (OPEN) {
            for (PrivateNetwork n : OPEN.values()) {
                if (n.name.equals(name)) {
                    throw new IllegalArgumentException("a private network named " + name + " exists already");
                }
                if (n.subnet.overlaps(s)) {
                    throw new IllegalArgumentException("subnet " + s + " overlaps " + n.subnet + " of private network "
                            + n.name);
                }
            }
            Path hosts = Files.createTempFile("sandbox4j-" + name + "-", ".hosts",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            SandboxProcess sw;
            try {
                Files.writeString(hosts, hostsText(Map.of()));
                sw = Sandbox.builder().network(Network.none()).hostname("switch-" + name)
                        .command("/bin/sleep", "infinity").redirectInput(Redirect.PIPE)
                        .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(hosts);
                throw e;
            }
            PrivateNetwork n = new PrivateNetwork(name, s, sw, hosts);
            OPEN.put(owner, n);
            LOG.log(System.Logger.Level.DEBUG, "private network {0} {1}: switch {2}", name, s, sw.pid());
            return n;
        }
    }

    /** The network {@code owner} created, or throws when it is closed. */
    public static PrivateNetwork of(Object owner) {
        synchronized (OPEN) {
            PrivateNetwork n = OPEN.get(owner);
            if (n == null) {
                throw new IllegalStateException("the private network was closed");
            }
            return n;
        }
    }

    public String name() {
        return name;
    }

    public PrivateSubnet subnet() {
        return subnet;
    }

    /** The hosts file members see as {@code /etc/hosts}. */
    public Path hostsFile() {
        return hosts;
    }

    /** The switch's user namespace: rootless, members' user namespaces are made inside it. */
    public String switchUserNamespace() {
        return "/proc/" + sw.pid() + "/ns/user";
    }

    /**
     * A member's map inside the switch's user namespace: the same ids, so root inside a member is the switch's
     * root, the caller (rootless).
     *
     * @param file {@code uid_map} or {@code gid_map}
     */
    public String identityMap(String file) {
        StringBuilder out = new StringBuilder();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + sw.pid() + "/" + file))) {
                String[] f = line.trim().split("\\s+");
                out.append(f[0]).append(' ').append(f[0]).append(' ').append(f[2]).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("private network " + name + ": its switch's " + file, e);
        }
        return out.toString();
    }

    /** The switch's network namespace, as the shim server opens it. */
    public String switchNamespace() {
        return "/proc/" + sw.pid() + "/ns/net";
    }

    /**
     * A place for a starting member: its fixed address or the first free one, and its name.
     *
     * @throws IllegalStateException when closed, full, or the address or name is taken
     */
    public synchronized Lease join(String hostname, String address) throws IOException {
        if (closed || !sw.isAlive()) {
            throw new IllegalStateException("private network " + name + " is closed");
        }
        int a;
        if (address != null) {
            a = subnet.member(address);
            if (members.containsKey(a)) {
                throw new IllegalStateException("address " + address + " on network " + name + " is taken by a "
                        + "running member");
            }
        } else {
            a = subnet.first();
            while (members.containsKey(a)) {
                if (a++ == subnet.last()) {
                    throw new IllegalStateException("private network " + name + " " + subnet + " is full");
                }
            }
        }
        for (Lease l : members.values()) {
            if (hostname != null && hostname.equals(l.hostname())) {
                throw new IllegalStateException("host name " + hostname + " on network " + name + " is taken by "
                        + PrivateSubnet.text(l.address()));
            }
        }
        Lease lease = new Lease(this, a, hostname);
        members.put(a, lease);
        writeHosts();
        return lease;
    }

    /** A member ended (or never started). */
    public void leave(Lease lease) {
        boolean last;
        synchronized (this) {
            members.remove(lease.address());
            try {
                writeHosts();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "hosts file of network " + name, e);
            }
            last = closed && members.isEmpty();
        }
        if (last) {
            remove();
        }
    }

    /** No new members; removed now or once the last one ended. */
    public void close() {
        boolean now;
        synchronized (this) {
            now = !closed && members.isEmpty();
            closed = true;
        }
        if (now) {
            remove();
        }
    }

    private void remove() {
        synchronized (OPEN) {
            OPEN.values().remove(this);
        }
        sw.destroyForcibly(); // its namespace, the bridge and the switch's veth ends go with it
        try {
            sw.result().get(30, TimeUnit.SECONDS);
            Files.deleteIfExists(hosts);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "removing private network " + name, e);
        }
    }

    private void writeHosts() throws IOException {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Lease l : members.values()) {
            if (l.hostname() != null) {
                named.put(l.hostname(), l.address());
            }
        }
        Files.writeString(hosts, hostsText(named)); // in place: every member's bind shows it at once
    }

    private static String hostsText(Map<String, Integer> named) {
        List<String> lines = new ArrayList<>(List.of("127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost"));
        named.forEach((n, a) -> lines.add(PrivateSubnet.text(a) + "\t" + n));
        return String.join("\n", lines) + "\n";
    }
}
