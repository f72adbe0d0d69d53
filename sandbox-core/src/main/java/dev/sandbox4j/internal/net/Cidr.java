package dev.sandbox4j.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address range, {@code 10.1.2.0/24} or {@code fd00::/8}; a plain address is a range of one. */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * The address literal {@code s} (IPv4 dotted quad, IPv6 without zone), or null when {@code s} is no address
     * literal (a host name). Never resolves anything.
     */
    public static InetAddress literalOrNull(String s) {
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !IPV6.matcher(s).matches()) {
            return null;
        }
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("address " + s + ": octet " + octet + " is over 255");
                }
            }
        }
        try {
            // A literal (the patterns above): parsed, never looked up. ::ffff:a.b.c.d becomes the IPv4
            // address it is, so a v4-mapped literal meets the IPv4 rules.
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address " + s + " is not a valid IPv6 address", e);
        }
    }

    /**
     * Parses {@code 10.1.2.0/24}, {@code fd00::/8}, or a plain address; null for something that is no address
     * (a host name).
     *
     * @throws IllegalArgumentException for a malformed address or prefix, or bits set after the prefix
     */
    public static Cidr parseOrNull(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress a = literalOrNull(addr);
        if (a == null) {
            if (slash >= 0) {
                throw new IllegalArgumentException("range " + s + ": " + addr + " is not an IPv4 or IPv6 address");
            }
            return null;
        }
        byte[] bytes = a.getAddress();
        int max = bytes.length * 8, prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("0|[1-9][0-9]{0,2}") || (prefix = Integer.parseInt(p)) > max) {
                throw new IllegalArgumentException("range " + s + ": prefix /" + p + " is not 0-" + max);
            }
        }
        Cidr c = new Cidr(bytes, prefix);
        for (int bit = prefix; bit < max; bit++) {
            if (c.bit(bytes, bit)) {
                throw new IllegalArgumentException("range " + s + " has bits set after the /" + prefix
                        + " prefix: did you mean " + c.masked() + "/" + prefix + "?");
            }
        }
        return c;
    }

    /** Whether {@code a} is in this range; an address of the other family never is. */
    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            if (bit(b, bit) != bit(network, bit)) {
                return false;
            }
        }
        return true;
    }

    private boolean bit(byte[] b, int i) {
        return (b[i / 8] & (0x80 >>> (i % 8))) != 0;
    }

    private String masked() {
        byte[] m = network.clone();
        for (int bit = prefix; bit < m.length * 8; bit++) {
            m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(m).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
