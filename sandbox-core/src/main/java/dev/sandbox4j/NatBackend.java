package dev.sandbox4j;

/**
 * The user-mode network stacks {@link Network#nat()} can use; the host's probe ({@code HostProbe}) reports which
 * are installed.
 *
 * <pre>{@code
 * Sandbox.builder().network(Network.nat(NatBackend.SLIRP4NETNS)).command("wget", "-qO-", "http://example.com/");
 * }</pre>
 */
public enum NatBackend {
    /** {@code pasta} from the {@code passt} package: copies the host's addresses and routes into the sandbox. */
    PASTA("pasta", "passt", "127.0.0.1"),
    /** {@code slirp4netns}: {@code eth0} 10.0.2.100/24, gateway 10.0.2.2, DNS 10.0.2.3. */
    SLIRP4NETNS("slirp4netns", "slirp4netns", "10.0.2.2");

    private final String command;
    private final String debianPackage;
    private final String hostLoopbackAddress;

    NatBackend(String command, String debianPackage, String hostLoopbackAddress) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.hostLoopbackAddress = hostLoopbackAddress;
    }

    /**
     * The program's name.
     *
     * @return {@code pasta} or {@code slirp4netns}
     */
    public String command() {
        return command;
    }

    /**
     * The Debian (and Ubuntu, Fedora) package that installs it.
     *
     * @return {@code passt} or {@code slirp4netns}
     */
    public String debianPackage() {
        return debianPackage;
    }

    /**
     * Where the sandbox reaches the host's {@code 127.0.0.1} after {@link Network#allowHostLoopback()}: pasta
     * forwards the host's listening loopback ports to the same ports on the sandbox's {@code 127.0.0.1};
     * slirp4netns maps its gateway {@code 10.0.2.2}.
     *
     * @return the address a program inside connects to, with the host's port
     */
    public String hostLoopbackAddress() {
        return hostLoopbackAddress;
    }
}
