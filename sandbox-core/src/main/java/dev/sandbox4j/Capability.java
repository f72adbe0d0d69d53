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
    /** {@code CAP_CHOWN} (capabilities(7)). */
    CAP_CHOWN,
    /** {@code CAP_DAC_OVERRIDE} (capabilities(7)). */
    CAP_DAC_OVERRIDE,
    /** {@code CAP_DAC_READ_SEARCH} (capabilities(7)). */
    CAP_DAC_READ_SEARCH,
    /** {@code CAP_FOWNER} (capabilities(7)). */
    CAP_FOWNER,
    /** {@code CAP_FSETID} (capabilities(7)). */
    CAP_FSETID,
    /** {@code CAP_KILL} (capabilities(7)). */
    CAP_KILL,
    /** {@code CAP_SETGID} (capabilities(7)). */
    CAP_SETGID,
    /** {@code CAP_SETUID} (capabilities(7)). */
    CAP_SETUID,
    /** {@code CAP_SETPCAP} (capabilities(7)). */
    CAP_SETPCAP,
    /** {@code CAP_LINUX_IMMUTABLE} (capabilities(7)). */
    CAP_LINUX_IMMUTABLE,
    /** {@code CAP_NET_BIND_SERVICE} (capabilities(7)). */
    CAP_NET_BIND_SERVICE,
    /** {@code CAP_NET_BROADCAST} (capabilities(7)). */
    CAP_NET_BROADCAST,
    /** {@code CAP_NET_ADMIN} (capabilities(7)). */
    CAP_NET_ADMIN,
    /** {@code CAP_NET_RAW} (capabilities(7)). */
    CAP_NET_RAW,
    /** {@code CAP_IPC_LOCK} (capabilities(7)). */
    CAP_IPC_LOCK,
    /** {@code CAP_IPC_OWNER} (capabilities(7)). */
    CAP_IPC_OWNER,
    /** {@code CAP_SYS_MODULE} (capabilities(7)). */
    CAP_SYS_MODULE,
    /** {@code CAP_SYS_RAWIO} (capabilities(7)). */
    CAP_SYS_RAWIO,
    /** {@code CAP_SYS_CHROOT} (capabilities(7)). */
    CAP_SYS_CHROOT,
    /** {@code CAP_SYS_PTRACE} (capabilities(7)). */
    CAP_SYS_PTRACE,
    /** {@code CAP_SYS_PACCT} (capabilities(7)). */
    CAP_SYS_PACCT,
    /** {@code CAP_SYS_ADMIN} (capabilities(7)). */
    CAP_SYS_ADMIN,
    /** {@code CAP_SYS_BOOT} (capabilities(7)). */
    CAP_SYS_BOOT,
    /** {@code CAP_SYS_NICE} (capabilities(7)). */
    CAP_SYS_NICE,
    /** {@code CAP_SYS_RESOURCE} (capabilities(7)). */
    CAP_SYS_RESOURCE,
    /** {@code CAP_SYS_TIME} (capabilities(7)). */
    CAP_SYS_TIME,
    /** {@code CAP_SYS_TTY_CONFIG} (capabilities(7)). */
    CAP_SYS_TTY_CONFIG,
    /** {@code CAP_MKNOD} (capabilities(7)). */
    CAP_MKNOD,
    /** {@code CAP_LEASE} (capabilities(7)). */
    CAP_LEASE,
    /** {@code CAP_AUDIT_WRITE} (capabilities(7)). */
    CAP_AUDIT_WRITE,
    /** {@code CAP_AUDIT_CONTROL} (capabilities(7)). */
    CAP_AUDIT_CONTROL,
    /** {@code CAP_SETFCAP} (capabilities(7)). */
    CAP_SETFCAP,
    /** {@code CAP_MAC_OVERRIDE} (capabilities(7)). */
    CAP_MAC_OVERRIDE,
    /** {@code CAP_MAC_ADMIN} (capabilities(7)). */
    CAP_MAC_ADMIN,
    /** {@code CAP_SYSLOG} (capabilities(7)). */
    CAP_SYSLOG,
    /** {@code CAP_WAKE_ALARM} (capabilities(7)). */
    CAP_WAKE_ALARM,
    /** {@code CAP_BLOCK_SUSPEND} (capabilities(7)). */
    CAP_BLOCK_SUSPEND,
    /** {@code CAP_AUDIT_READ} (capabilities(7)). */
    CAP_AUDIT_READ,
    /** {@code CAP_PERFMON} (capabilities(7)). */
    CAP_PERFMON,
    /** {@code CAP_BPF} (capabilities(7)). */
    CAP_BPF,
    /** {@code CAP_CHECKPOINT_RESTORE} (capabilities(7)). */
    CAP_CHECKPOINT_RESTORE;

    /**
     * The kernel's number: CAP_CHOWN 0 ... CAP_CHECKPOINT_RESTORE 40.
     *
     * @return the kernel's capability number
     */
    public int number() {
        return ordinal();
    }

    /**
     * {@code "CAP_NET_ADMIN"}, {@code "net_admin"}, any case.
     *
     * @param name the resource's name
     * @return the capability
     */
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

    /**
     * The capability with kernel number {@code n}.
     *
     * @param n the n
     * @return the capability
     */
    public static Capability ofNumber(int n) {
        if (n < 0 || n >= values().length) {
            throw new IllegalArgumentException("no capability number " + n + ": known are 0.." + (values().length - 1));
        }
        return values()[n];
    }

    /**
     * Bit {@code c.number()} set for each {@code c}: the payload of {@code OP_CAPS}.
     *
     * @param caps the caps
     * @return the bit mask
     */
    public static long mask(Set<Capability> caps) {
        long m = 0;
        for (Capability c : caps) {
            m |= 1L << c.number();
        }
        return m;
    }
}
