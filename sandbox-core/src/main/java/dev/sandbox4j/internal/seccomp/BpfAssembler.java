package dev.sandbox4j.internal.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small classic-BPF assembler: instructions refer to {@link Label}s that
 * are resolved once everything is emitted. Conditional jumps have 8-bit
 * offsets; when a target ends up further than 255 instructions away the
 * jump is routed through an adjacent {@code ja} (32-bit offset), repeated
 * until every offset fits. Jumps only go forward, as BPF requires.
 *
 * <pre>{@code
 * BpfAssembler a = new BpfAssembler();
 * Label deny = a.label();
 * a.load(Bpf.OFF_NR);
 * a.jeq(101, deny, a.next());
 * a.ret(Bpf.RET_ALLOW);
 * a.bind(deny);
 * a.ret(Bpf.RET_ERRNO | 1);
 * byte[] prog = a.assemble(ByteOrder.nativeOrder());
 * }</pre>
 */
public final class BpfAssembler {

    /** A jump target; bound to a position with {@link #bind}. */
    public static final class Label {
        private int at = -1; // index into items, set by bind

        private Label() {}
    }

    /** One emitted instruction; jumps carry labels until assembly. */
    private record Item(int code, int k, Label jt, Label jf) {}

    private final List<Item> items = new ArrayList<>();

    public Label label() {
        return new Label();
    }

    /** A label bound at the current position: "fall through". */
    public Label next() {
        Label l = label();
        bind(l);
        return l;
    }

    /** Binds {@code l} to the next instruction emitted. */
    public void bind(Label l) {
        if (l.at >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        l.at = items.size();
    }

    /** {@code A = *(u32 *)(seccomp_data + offset)}. */
    public void load(int offset) {
        items.add(new Item(Bpf.LD | Bpf.W | Bpf.ABS, offset, null, null));
    }

    public void and(int k) {
        items.add(new Item(Bpf.ALU | Bpf.AND | Bpf.K, k, null, null));
    }

    public void ret(int k) {
        items.add(new Item(Bpf.RET | Bpf.K, k, null, null));
    }

    public void ja(Label target) {
        items.add(new Item(Bpf.JMP | Bpf.JA, 0, target, null));
    }

    public void jeq(int k, Label ifTrue, Label ifFalse) {
        jump(Bpf.JEQ, k, ifTrue, ifFalse);
    }

    /** Unsigned {@code A > k}. */
    public void jgt(int k, Label ifTrue, Label ifFalse) {
        jump(Bpf.JGT, k, ifTrue, ifFalse);
    }

    /** Unsigned {@code A >= k}. */
    public void jge(int k, Label ifTrue, Label ifFalse) {
        jump(Bpf.JGE, k, ifTrue, ifFalse);
    }

    private void jump(int op, int k, Label t, Label f) {
        items.add(new Item(Bpf.JMP | op | Bpf.K, k, t, f));
    }

    /** Instructions emitted so far, before long-jump expansion. */
    public int size() {
        return items.size();
    }

    /** Resolves labels and returns the program as {@code struct sock_filter[]} bytes. */
    public byte[] assemble(ByteOrder order) {
        int n = items.size();
        // extra[i]: 0, or 1/2 ja instructions placed right after conditional jump i
        boolean[] farT = new boolean[n], farF = new boolean[n];
        int[] pos;
        boolean changed;
        do {
            pos = layout(farT, farF);
            changed = false;
            for (int i = 0; i < n; i++) {
                Item it = items.get(i);
                if (isConditional(it)) {
                    if (!farT[i] && distance(pos, i, it.jt) > 255) {
                        farT[i] = changed = true;
                    }
                    if (!farF[i] && distance(pos, i, it.jf) > 255) {
                        farF[i] = changed = true;
                    }
                }
            }
        } while (changed);

        ByteBuffer out = ByteBuffer.allocate(pos[n] * Bpf.INSN_BYTES).order(order);
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            if (isConditional(it)) {
                int jt = farT[i] ? 0 : distance(pos, i, it.jt);
                int jf = farF[i] ? (farT[i] ? 1 : 0) : distance(pos, i, it.jf);
                put(out, it.code, jt, jf, it.k);
                if (farT[i]) {
                    put(out, Bpf.JMP | Bpf.JA, 0, 0, target(pos, it.jt) - (pos[i] + 2));
                }
                if (farF[i]) {
                    int self = pos[i] + (farT[i] ? 2 : 1);
                    put(out, Bpf.JMP | Bpf.JA, 0, 0, target(pos, it.jf) - (self + 1));
                }
            } else if (it.jt != null) {
                put(out, it.code, 0, 0, distance(pos, i, it.jt));
            } else {
                put(out, it.code, 0, 0, it.k);
            }
        }
        return out.array();
    }

    private static boolean isConditional(Item it) {
        return it.jf != null;
    }

    /** Final position of every item (index n: the program length). */
    private int[] layout(boolean[] farT, boolean[] farF) {
        int[] pos = new int[items.size() + 1];
        int p = 0;
        for (int i = 0; i < items.size(); i++) {
            pos[i] = p;
            p += 1 + (farT[i] ? 1 : 0) + (farF[i] ? 1 : 0);
        }
        pos[items.size()] = p;
        return pos;
    }

    private int target(int[] pos, Label l) {
        if (l.at < 0) {
            throw new IllegalStateException("jump to a label never bound");
        }
        return pos[l.at];
    }

    /** Offset from the instruction after item i to the label. */
    private int distance(int[] pos, int i, Label l) {
        int d = target(pos, l) - (pos[i] + 1);
        if (d < 0) {
            throw new IllegalStateException("backward jump: BPF jumps only forward");
        }
        return d;
    }

    private static void put(ByteBuffer out, int code, int jt, int jf, int k) {
        out.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
