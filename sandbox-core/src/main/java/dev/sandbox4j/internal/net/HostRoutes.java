package dev.sandbox4j.internal.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's IPv4 routes ({@code /proc/net/route}), so a private network's subnet cannot shadow one. */
final class HostRoutes {
    private HostRoutes() {}

    /** Each route as {interface, destination as an unsigned int, prefix length}. */
    static List<String[]> ipv4() throws IOException {
        List<String[]> out = new ArrayList<>();
        Path table = Path.of("/proc/net/route");
        if (!Files.isReadable(table)) {
            return out;
        }
        for (String line : Files.readAllLines(table).stream().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            // little-endian hex, as the kernel prints it
            int dest = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
            int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
            out.add(new String[] {f[0], Integer.toUnsignedString(dest), Integer.toString(Integer.bitCount(mask))});
        }
        return out;
    }
}
