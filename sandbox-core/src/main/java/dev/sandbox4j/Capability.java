package dev.sandbox4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Linux capability ({@code <linux/capability.h>}); the constant's ordinal
 * is the kernel's number. A sandbox drops every capability unless kept.
 *
 * <pre>{@code
 * Capability c = Capability.fromName("net_bind_service");      // CAP_NET_BIND_SERVICE
 * long keep = Capability.mask(Set.of(c, Capability.CAP_CHOWN)); // bit n = capability n
 * }</pre>
 */
public enum Capability {
    CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID,
    CAP_SETUID, CAP_SETPCAP, CAP_LINUX_IMMUTABLE, CAP_NET_BIND_SERVICE, CAP_NET_BROADCAST, CAP_NET_ADMIN,
    CAP_NET_RAW, CAP_IPC_LOCK, CAP_IPC_OWNER, CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_CHROOT,
    CAP_SYS_PTRACE, CAP_SYS_PACCT, CAP_SYS_ADMIN, CAP_SYS_BOOT, CAP_SYS_NICE, CAP_SYS_RESOURCE,
    CAP_SYS_TIME, CAP_SYS_TTY_CONFIG, CAP_MKNOD, CAP_LEASE, CAP_AUDIT_WRITE, CAP_AUDIT_CONTROL,
    CAP_SETFCAP, CAP_MAC_OVERRIDE, CAP_MAC_ADMIN, CAP_SYSLOG, CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND,
    CAP_AUDIT_READ, CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE;

    /** The kernel's number: CAP_CHOWN 0 ... CAP_CHECKPOINT_RESTORE 40. */
    public int number() {
        return ordinal();
    }

    /** {@code "CAP_NET_ADMIN"}, {@code "net_admin"}, any case. */
    public static Capability fromName(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        for (Capability c : values()) {
            if (c.name().equals(full)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown capability '" + name + "': expected one of "
                + Arrays.stream(values()).map(c -> c.name().substring(4).toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))
                + " (with or without CAP_, any case)");
    }

    /** The capability with kernel number {@code n}. */
    public static Capability ofNumber(int n) {
        if (n < 0 || n >= values().length) {
            throw new IllegalArgumentException("no capability number " + n + ": known are 0.." + (values().length - 1));
        }
        return values()[n];
    }

    /** Bit {@code c.number()} set for each {@code c}: the payload of {@code OP_CAPS}. */
    public static long mask(Set<Capability> caps) {
        long m = 0;
        for (Capability c : caps) {
            m |= 1L << c.number();
        }
        return m;
    }
}
