package dev.sandbox4j.internal.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SyscallTableTest {
    private static final Pattern DEFINE = Pattern.compile("#define __NR_([a-z0-9_]+)\\s+([0-9]+)\\s*");

    static Map<String, Integer> header(Path p) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String line : Files.readAllLines(p)) {
            Matcher m = DEFINE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return out;
    }

    @Test
    void x86_64TableMatchesTheInstalledKernelHeader() throws IOException {
        Path h = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
        Assumptions.assumeTrue(Files.isReadable(h), "no x86_64 kernel headers here");
        Map<String, Integer> fromHeader = header(h);
        assertThat(fromHeader).hasSizeGreaterThan(300);
        SyscallTable t = Arch.X86_64.syscalls();
        fromHeader.forEach((name, nr) -> assertThat(t.number(name)).as(name).hasValue(nr));
        // entries beyond the header are the newer-kernel supplement, numbered after it
        int max = fromHeader.values().stream().max(Integer::compare).orElseThrow();
        for (String name : t.names()) {
            if (!fromHeader.containsKey(name)) {
                assertThat(t.number(name).getAsInt()).as(name).isGreaterThan(max);
            }
        }
    }

    @Test
    void aarch64TableAgreesWithTheGenericHeaderWhereItNamesNumbersDirectly() throws IOException {
        Path h = Path.of("/usr/include/asm-generic/unistd.h");
        Assumptions.assumeTrue(Files.isReadable(h), "no asm-generic headers here");
        SyscallTable t = Arch.AARCH64.syscalls();
        header(h).forEach((name, nr) -> {
            if (!name.equals("syscalls") && !name.equals("arch_specific_syscall") && t.number(name).isPresent()) {
                assertThat(t.number(name)).as(name).hasValue(nr);
            }
        });
    }

    @Test
    void wellKnownNumbers() {
        SyscallTable x = Arch.X86_64.syscalls(), a = Arch.AARCH64.syscalls();
        assertThat(x.number("read")).hasValue(0);
        assertThat(x.number("openat")).hasValue(257);
        assertThat(x.number("clone")).hasValue(56);
        assertThat(x.number("clone3")).hasValue(435);
        assertThat(x.number("ioctl")).hasValue(16);
        assertThat(x.number("open_tree_attr")).hasValue(467);
        assertThat(a.number("openat")).hasValue(56);
        assertThat(a.number("clone")).hasValue(220);
        assertThat(a.number("ioctl")).hasValue(29);
        assertThat(a.number("socket")).hasValue(198);
        assertThat(a.number("personality")).hasValue(92);
        assertThat(a.number("fstat")).hasValue(80);
        assertThat(a.number("renameat")).hasValue(38);
        assertThat(a.number("file_setattr")).hasValue(469);
        assertThat(a.number("open")).isEmpty();
        assertThat(a.number("iopl")).isEmpty();
        assertThat(x.name(59)).isEqualTo("execve");
        assertThat(a.name(221)).isEqualTo("execve");
    }

    @Test
    void numbersAreUniquePerArchitecture() {
        for (Arch arch : Arch.values()) {
            SyscallTable t = arch.syscalls();
            assertThat(t.names().stream().map(n -> t.number(n).getAsInt()).distinct().count())
                    .as(arch.toString()).isEqualTo(t.names().size());
        }
    }

    @Test
    void currentArchIsKnownOnTheBuildMachines() {
        assertThat(Arch.current()).isIn(Arch.X86_64, Arch.AARCH64);
    }
}
