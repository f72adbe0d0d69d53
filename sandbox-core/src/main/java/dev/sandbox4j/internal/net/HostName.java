package dev.sandbox4j.internal.net;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names as DNS has them: labels of letters, digits and inner hyphens, 1-63 characters, 253 in all. */
public final class HostName {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private HostName() {}

    /** Returns {@code name} in lower case, or throws naming it and what is accepted. */
    public static String check(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            throw new IllegalArgumentException("host name '" + name + "' must have 1-253 characters");
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("host name '" + name + "': label '" + label + "' is not 1-63 "
                        + "letters, digits or inner hyphens (or give an address or a CIDR range like 10.0.0.0/8)");
            }
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
