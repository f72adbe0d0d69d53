package dev.sandbox4j.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The IPv4 subnet of a private network, {@code 10.89.0.0/24}: its members' addresses and whether two overlap. */
public record PrivateSubnet(int network, int prefix) {
    /**
     * Parses {@code a.b.c.d/n} with n from 8 to 30.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static PrivateSubnet parse(String cidr) {
        Cidr c;
        try {
            c = cidr.contains("/") ? Cidr.parseOrNull(cidr) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("subnet " + cidr + ": " + e.getMessage(), e);
        }
        String[] parts = cidr.split("/", 2);
        InetAddress a = c == null ? null : Cidr.literalOrNull(parts[0]);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("subnet '" + cidr + "' is not an IPv4 range like 10.89.0.0/24");
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("subnet " + cidr + ": prefix /" + prefix + " is not 8-30");
        }
        return new PrivateSubnet(toInt(a.getAddress()), prefix);
    }

    private int mask() {
        return -1 << (32 - prefix);
    }

    /** Whether {@code address} (an int) is a member address here: not the network's nor the broadcast address. */
    public boolean hostAddress(int address) {
        return (address & mask()) == network && address != network && address != (network | ~mask());
    }

    /** Whether the two ranges share any address. */
    public boolean overlaps(PrivateSubnet o) {
        int m = Math.min(prefix, o.prefix);
        int mask = -1 << (32 - m);
        return (network & mask) == (o.network & mask);
    }

    /** The member addresses in order. */
    public int first() {
        return network + 1;
    }

    /** The last member address. */
    public int last() {
        return (network | ~mask()) - 1;
    }

    /** Parses a member address, checking it is one of this subnet's. */
    public int member(String address) {
        InetAddress a = Cidr.literalOrNull(address);
        if (!(a instanceof Inet4Address) || !hostAddress(toInt(a.getAddress()))) {
            throw new IllegalArgumentException("address '" + address + "' is not a member address of " + this
                    + " (neither its network nor its broadcast address)");
        }
        return toInt(a.getAddress());
    }

    static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** {@code address} as 4 bytes, network order. */
    public static byte[] bytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** {@code address} dotted. */
    public static String text(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return text(network) + "/" + prefix;
    }
}
