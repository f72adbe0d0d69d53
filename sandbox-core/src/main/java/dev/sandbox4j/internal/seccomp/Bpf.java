package dev.sandbox4j.internal.seccomp;

/**
 * Classic BPF opcodes ({@code <linux/filter.h>}, {@code <linux/bpf_common.h>}),
 * seccomp return values ({@code <linux/seccomp.h>}) and the layout of
 * {@code struct seccomp_data} that a seccomp filter reads.
 */
public final class Bpf {
    private Bpf() {}

    // instruction classes, sizes, modes, operations, sources
    public static final int LD = 0x00, ALU = 0x04, JMP = 0x05, RET = 0x06;
    public static final int W = 0x00, ABS = 0x20, K = 0x00;
    public static final int AND = 0x50;
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;

    /** The kernel refuses longer programs. */
    public static final int MAXINSNS = 4096;
    /** sizeof(struct sock_filter): u16 code, u8 jt, u8 jf, u32 k. */
    public static final int INSN_BYTES = 8;

    // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }
    public static final int OFF_NR = 0, OFF_ARCH = 4, OFF_IP = 8, OFF_ARGS = 16;
    public static final int SECCOMP_DATA_BYTES = 64;

    /** Offset of the low (little endian: first) 32 bits of args[i]. */
    public static int argLow(int i) {
        return OFF_ARGS + 8 * i;
    }

    public static int argHigh(int i) {
        return OFF_ARGS + 8 * i + 4;
    }

    public static final int RET_KILL_PROCESS = 0x80000000, RET_KILL_THREAD = 0x00000000,
            RET_TRAP = 0x00030000, RET_ERRNO = 0x00050000, RET_LOG = 0x7ffc0000, RET_ALLOW = 0x7fff0000;
    public static final int RET_ACTION_FULL = 0xffff0000, RET_DATA = 0x0000ffff;

    /** x32 system calls are numbered {@code __X32_SYSCALL_BIT | nr} under AUDIT_ARCH_X86_64. */
    public static final int X32_SYSCALL_BIT = 0x40000000;
}
