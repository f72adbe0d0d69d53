package dev.sandbox4j.internal.seccomp;

import java.util.Locale;

/**
 * A CPU architecture a seccomp filter is compiled for: its {@code AUDIT_ARCH_*}
 * value (what the kernel puts in {@code seccomp_data.arch}) and its system
 * call numbering.
 *
 * <pre>{@code
 * byte[] filter = SeccompCompiler.compile(profile, Arch.current());
 * }</pre>
 */
public enum Arch {
    /** {@code AUDIT_ARCH_X86_64}: EM_X86_64 | 64-bit | little endian. */
    X86_64("x86_64", 0xC000003E, SyscallTableData.X86_64),
    /** {@code AUDIT_ARCH_AARCH64}: EM_AARCH64 | 64-bit | little endian; asm-generic numbers. */
    AARCH64("aarch64", 0xC00000B7, SyscallTableData.AARCH64);

    private final String displayName;
    private final int auditArch;
    private final String tableText;
    private volatile SyscallTable table;

    Arch(String displayName, int auditArch, String tableText) {
        this.displayName = displayName;
        this.auditArch = auditArch;
        this.tableText = tableText;
    }

    /** The architecture this JVM runs on. */
    public static Arch current() {
        return of(System.getProperty("os.arch", ""));
    }

    /**
     * The architecture a JVM's {@code os.arch} names.
     *
     * @throws UnsupportedOperationException naming {@code osArch} when it is neither x86_64 nor aarch64
     */
    public static Arch of(String osArch) {
        String os = osArch.toLowerCase(Locale.ROOT);
        return switch (os) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new UnsupportedOperationException(
                    "sandbox4j supports x86_64 and aarch64 only, not os.arch=" + os);
        };
    }

    /** The value the kernel reports in {@code seccomp_data.arch}. */
    public int auditArch() {
        return auditArch;
    }

    /** Name and number of every system call on this architecture. */
    public SyscallTable syscalls() {
        SyscallTable t = table;
        if (t == null) {
            t = SyscallTable.parse(this, tableText);
            table = t;
        }
        return t;
    }

    /** {@code "x86_64"} or {@code "aarch64"}. */
    @Override
    public String toString() {
        return displayName;
    }
}
