package dev.sandbox4j.internal.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a seccomp classic-BPF program the way the kernel would: validates it
 * first (length, opcodes, forward jumps in range, aligned loads inside
 * {@code seccomp_data}, a RET at the end), then executes it over one
 * {@code seccomp_data}. Written from the kernel's rules, independent of the
 * compiler's constants.
 */
final class BpfInterpreter {
    private BpfInterpreter() {}

    /** {@code struct seccomp_data}. */
    record SeccompData(int nr, int arch, long instructionPointer, long[] args) {
        SeccompData {
            if (args.length != 6) {
                throw new IllegalArgumentException("6 args");
            }
            args = args.clone();
        }

        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(nr).putInt(arch).putLong(instructionPointer);
            for (long a : args) {
                b.putLong(a);
            }
            return b.array();
        }
    }

    record Insn(int code, int jt, int jf, int k) {}

    /** The result and how many instructions ran. */
    record Result(int ret, int steps) {}

    static Insn[] decode(byte[] program) {
        if (program.length % 8 != 0) {
            throw new IllegalArgumentException("program length " + program.length + " not a multiple of 8");
        }
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        Insn[] insns = new Insn[program.length / 8];
        for (int i = 0; i < insns.length; i++) {
            insns[i] = new Insn(b.getShort() & 0xffff, b.get() & 0xff, b.get() & 0xff, b.getInt());
        }
        return insns;
    }

    /** The kernel's checks (bpf_check_classic + seccomp_check_filter) for what we emit. */
    static Insn[] validate(byte[] program) {
        Insn[] p = decode(program);
        if (p.length == 0 || p.length > 4096) {
            throw new IllegalArgumentException("program of " + p.length + " instructions");
        }
        for (int pc = 0; pc < p.length; pc++) {
            Insn in = p[pc];
            switch (in.code) {
                case 0x20 -> { // ld [k]
                    if (in.k < 0 || in.k >= 64 || (in.k & 3) != 0) {
                        throw new IllegalArgumentException("load at " + in.k + " outside seccomp_data at pc " + pc);
                    }
                }
                case 0x54, 0x06 -> { } // and #k, ret #k
                case 0x05 -> { // ja
                    long target = (long) pc + 1 + Integer.toUnsignedLong(in.k);
                    if (target >= p.length) {
                        throw new IllegalArgumentException("ja out of range at pc " + pc);
                    }
                }
                case 0x15, 0x25, 0x35, 0x45 -> { // jeq, jgt, jge, jset #k
                    if (pc + 1 + in.jt >= p.length || pc + 1 + in.jf >= p.length) {
                        throw new IllegalArgumentException("conditional jump out of range at pc " + pc);
                    }
                }
                default -> throw new IllegalArgumentException(
                        "opcode 0x" + Integer.toHexString(in.code) + " at pc " + pc + " not expected in a seccomp filter");
            }
        }
        if (p[p.length - 1].code != 0x06) {
            throw new IllegalArgumentException("last instruction is not a RET");
        }
        return p;
    }

    static int run(byte[] program, SeccompData data) {
        return execute(program, data).ret();
    }

    static Result execute(byte[] program, SeccompData data) {
        Insn[] p = validate(program);
        ByteBuffer mem = ByteBuffer.wrap(data.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int a = 0;
        int pc = 0;
        int steps = 0;
        while (true) {
            Insn in = p[pc++];
            steps++;
            switch (in.code) {
                case 0x20 -> a = mem.getInt(in.k);
                case 0x54 -> a &= in.k;
                case 0x06 -> {
                    return new Result(in.k, steps);
                }
                case 0x05 -> pc += in.k;
                case 0x15 -> pc += a == in.k ? in.jt : in.jf;
                case 0x25 -> pc += Integer.compareUnsigned(a, in.k) > 0 ? in.jt : in.jf;
                case 0x35 -> pc += Integer.compareUnsigned(a, in.k) >= 0 ? in.jt : in.jf;
                case 0x45 -> pc += (a & in.k) != 0 ? in.jt : in.jf;
                default -> throw new AssertionError("validated");
            }
        }
    }
}
