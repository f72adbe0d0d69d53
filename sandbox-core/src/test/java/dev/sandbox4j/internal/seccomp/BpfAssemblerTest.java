package dev.sandbox4j.internal.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.internal.seccomp.BpfAssembler.Label;
import dev.sandbox4j.internal.seccomp.BpfInterpreter.SeccompData;

import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class BpfAssemblerTest {

    private static SeccompData nr(int nr) {
        return new SeccompData(nr, 0, 0, new long[6]);
    }

    @Test
    void conditionalJumpsBeyond255InstructionsAreRoutedThroughJa() {
        BpfAssembler a = new BpfAssembler();
        Label far = a.label(), near = a.label();
        a.load(Bpf.OFF_NR);
        a.jeq(7, far, near);
        a.bind(near);
        for (int i = 0; i < 300; i++) {
            a.and(-1); // filler that keeps A
        }
        a.ret(1);
        a.bind(far);
        a.ret(2);
        byte[] p = a.assemble(ByteOrder.nativeOrder());
        BpfInterpreter.Insn[] insns = BpfInterpreter.validate(p);
        assertThat(insns).hasSize(a.size() + 1); // one ja added
        assertThat(BpfInterpreter.run(p, nr(7))).isEqualTo(2);
        assertThat(BpfInterpreter.run(p, nr(8))).isEqualTo(1);
    }

    @Test
    void bothBranchesFar() {
        BpfAssembler a = new BpfAssembler();
        Label t = a.label(), f = a.label(), skip = a.label();
        a.load(Bpf.OFF_NR);
        a.jeq(7, t, f);
        a.ja(skip);
        a.bind(skip);
        for (int i = 0; i < 300; i++) {
            a.ret(9); // unreachable filler
        }
        a.bind(f);
        for (int i = 0; i < 300; i++) {
            a.and(-1);
        }
        a.ret(1);
        a.bind(t);
        a.ret(2);
        byte[] p = a.assemble(ByteOrder.nativeOrder());
        assertThat(BpfInterpreter.run(p, nr(7))).isEqualTo(2);
        assertThat(BpfInterpreter.run(p, nr(6))).isEqualTo(1);
    }

    @Test
    void unboundLabelsAndBackwardJumpsAreBugs() {
        BpfAssembler a = new BpfAssembler();
        a.ja(a.label());
        assertThatThrownBy(() -> a.assemble(ByteOrder.nativeOrder())).hasMessageContaining("never bound");

        BpfAssembler b = new BpfAssembler();
        Label back = b.next();
        b.ret(0);
        b.ja(back);
        assertThatThrownBy(() -> b.assemble(ByteOrder.nativeOrder())).hasMessageContaining("backward");
    }

    @Test
    void encodesSockFilterLayout() {
        BpfAssembler a = new BpfAssembler();
        a.ret(0x7fff0000);
        byte[] p = a.assemble(ByteOrder.LITTLE_ENDIAN);
        assertThat(p).containsExactly(new byte[] {0x06, 0, 0, 0, 0x00, 0x00, (byte) 0xff, 0x7f});
    }
}
