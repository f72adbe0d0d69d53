package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.internal.seccomp.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jar carries a static shim for x86_64 and aarch64, each an ELF file for
 * its machine, and the launcher picks this host's. Without the cross
 * compiler a developer's build carries this host's only; CI
 * ({@code SANDBOX4J_ALL_ARCHES=1}) requires both.
 */
class ShimArchitecturesTest {
    private static final Map<Arch, Integer> ELF_MACHINE = Map.of(Arch.X86_64, 62, Arch.AARCH64, 183);
    private static final boolean ALL_REQUIRED = "1".equals(System.getenv("SANDBOX4J_ALL_ARCHES"));

    @Test
    void eachCarriedShimIsAStaticElfExecutableForItsMachine() throws Exception {
        int carried = 0;
        for (Arch arch : Arch.values()) {
            if (ShimBinary.class.getResource(ShimBinary.resourceName(arch)) == null) {
                assertThat(arch).as("this host's shim is always built").isNotEqualTo(Arch.current());
                assertThat(ALL_REQUIRED).as("SANDBOX4J_ALL_ARCHES=1 but the jar has no " + arch + " shim").isFalse();
                continue;
            }
            carried++;
            ByteBuffer elf = ByteBuffer.wrap(ShimBinary.bytes(arch)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
            assertThat(elf.get(4)).as(arch + ": ELFCLASS64").isEqualTo((byte) 2);
            assertThat(elf.get(5)).as(arch + ": little endian").isEqualTo((byte) 1);
            assertThat(elf.getShort(16)).as(arch + ": ET_EXEC, not a dynamic executable").isEqualTo((short) 2);
            assertThat(elf.getShort(18) & 0xffff).as(arch + ": e_machine").isEqualTo(ELF_MACHINE.get(arch));
            assertThat(hasInterpreter(elf)).as(arch + ": statically linked (no PT_INTERP)").isFalse();
        }
        assertThat(carried).isGreaterThanOrEqualTo(ALL_REQUIRED ? 2 : 1);
    }

    @Test
    void theLauncherPicksThisHostsShim() throws Exception {
        String machine = new String(new ProcessBuilder("uname", "-m").start().getInputStream().readAllBytes()).strip();
        ByteBuffer elf = ByteBuffer.wrap(ShimBinary.bytes(Arch.current())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.getShort(18) & 0xffff).isEqualTo(ELF_MACHINE.get(Arch.valueOf(machine.toUpperCase())));
    }

    @Test
    void aHostOfAnotherArchitectureGetsAnErrorNamingIt() {
        assertThatThrownBy(() -> Arch.of("riscv64")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("riscv64").hasMessageContaining("x86_64 and aarch64");
        assertThat(Arch.of("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.of("arm64")).isEqualTo(Arch.AARCH64);
    }

    private static boolean hasInterpreter(ByteBuffer elf) {
        long phoff = elf.getLong(32);
        int phentsize = elf.getShort(54) & 0xffff, phnum = elf.getShort(56) & 0xffff;
        for (int i = 0; i < phnum; i++) {
            if (elf.getInt((int) phoff + i * phentsize) == 3) { // PT_INTERP
                return true;
            }
        }
        return false;
    }
}
