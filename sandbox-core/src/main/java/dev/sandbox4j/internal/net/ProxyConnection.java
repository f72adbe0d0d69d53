package dev.sandbox4j.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * One connection a program made to the egress proxy inside its sandbox: reads the request (SOCKS5 when the
 * first byte is 5, else HTTP: CONNECT or a request with an absolute URI), asks the gate, connects from the
 * JVM and splices. Every refusal is answered in the protocol's own terms, then the connection is closed.
 */
final class ProxyConnection {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(ProxyConnection.class.getName());

    private final EgressGate gate;
    private final FdReader in;

    ProxyConnection(EgressGate gate, int fd) {
        this.gate = gate;
        this.in = new FdReader(fd);
    }

    /** Handles the connection to its end; the caller closes the fd afterwards if it is still open. */
    void run() throws IOException {
        int first = in.u8();
        if (first == 5) {
            socks5();
        } else {
            http((char) first + in.line());
        }
    }

    private void socks5() throws IOException {
        byte[] methods = in.bytes(in.u8());
        boolean noAuth = false;
        for (byte m : methods) {
            noAuth |= m == 0;
        }
        in.write(new byte[] {5, (byte) (noAuth ? 0 : 0xff)});
        if (!noAuth) {
            return;
        }
        int ver = in.u8(), cmd = in.u8();
        in.u8(); // reserved
        int atyp = in.u8();
        String host = switch (atyp) {
            case 1 -> InetAddress.getByAddress(in.bytes(4)).getHostAddress();
            case 3 -> new String(in.bytes(in.u8()), StandardCharsets.ISO_8859_1);
            case 4 -> InetAddress.getByAddress(in.bytes(16)).getHostAddress();
            default -> null;
        };
        int port = host == null ? 0 : (in.u8() << 8) | in.u8();
        if (ver != 5 || cmd != 1 || host == null) {
            socksReply(host == null ? 8 : 7); // address type / command not supported: CONNECT only
            return;
        }
        EgressGate.Decision d = gate.decide(host, port);
        if (!d.allowed()) {
            socksReply(2); // connection not allowed by ruleset
            return;
        }
        Socket s = connect(d);
        if (s == null) {
            socksReply(5);
            return;
        }
        socksReply(0);
        byte[] rest = in.rest();
        Splice.run(in.fd, s, rest, rest.length);
    }

    private void socksReply(int rep) throws IOException {
        in.write(new byte[] {5, (byte) rep, 0, 1, 0, 0, 0, 0, 0, 0});
    }

    private void http(String requestLine) throws IOException {
        String[] parts = requestLine.split(" ");
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (String line; !(line = in.line()).isEmpty();) {
            head.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            httpReply(400, "Bad Request", "not an HTTP proxy request: " + requestLine);
            return;
        }
        String host;
        int port;
        String forward = null; // the request line for the server; null for CONNECT
        try {
            if (parts[0].equals("CONNECT")) {
                URI u = new URI("tcp://" + parts[1]);
                host = u.getHost();
                port = u.getPort();
            } else {
                URI u = new URI(parts[1]);
                if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                    httpReply(400, "Bad Request", "only http:// URLs and CONNECT are proxied: " + parts[1]);
                    return;
                }
                host = u.getHost();
                port = u.getPort() < 0 ? 80 : u.getPort();
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
                forward = parts[0] + " " + path + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "") + " "
                        + parts[2] + "\r\n";
            }
        } catch (URISyntaxException e) {
            httpReply(400, "Bad Request", "cannot parse " + parts[1]);
            return;
        }
        if (host == null || port < 0) {
            httpReply(400, "Bad Request", "no host:port in " + parts[1]);
            return;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        EgressGate.Decision d = gate.decide(host, port);
        if (!d.allowed()) {
            httpReply(403, "Forbidden", "sandbox4j egress policy denies " + host + ":" + port + " (" + d.reason() + ")");
            return;
        }
        Socket s = connect(d);
        if (s == null) {
            httpReply(502, "Bad Gateway", "cannot connect to " + host + ":" + port);
            return;
        }
        byte[] rest = in.rest();
        byte[] first;
        if (forward == null) {
            in.write("HTTP/1.1 200 Connection established\r\n\r\n");
            first = rest;
        } else {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(forward.getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(head.toByteArray());
            b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(rest);
            first = b.toByteArray();
        }
        Splice.run(in.fd, s, first, first.length);
    }

    private void httpReply(int code, String text, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        in.write("HTTP/1.1 " + code + " " + text + "\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n");
        in.write(b);
    }

    /** The first allowed address that accepts, each tried with a timeout; null when none does. */
    private static Socket connect(EgressGate.Decision d) {
        for (InetAddress a : d.addresses()) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, d.port()), CONNECT_TIMEOUT_MILLIS);
                return s;
            } catch (IOException e) {
                Splice.closeQuietly(s);
                LOG.log(System.Logger.Level.INFO, "egress connect to {0}:{1} failed: {2}", a.getHostAddress(),
                        String.valueOf(d.port()), e.toString());
            }
        }
        return null;
    }
}
