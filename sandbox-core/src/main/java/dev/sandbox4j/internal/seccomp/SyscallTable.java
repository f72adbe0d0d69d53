package dev.sandbox4j.internal.seccomp;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * System call names and numbers of one architecture (see {@link Arch#syscalls()}).
 *
 * <pre>{@code
 * int nr = Arch.X86_64.syscalls().number("openat").orElseThrow(); // 257
 * }</pre>
 */
public final class SyscallTable {
    private final Arch arch;
    private final Map<String, Integer> numbers;
    private final Map<Integer, String> names;

    private SyscallTable(Arch arch, Map<String, Integer> numbers) {
        this.arch = arch;
        this.numbers = Map.copyOf(numbers);
        this.names = numbers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey, (a, b) -> a));
    }

    static SyscallTable parse(Arch arch, String text) {
        Map<String, Integer> numbers = new HashMap<>();
        for (String line : text.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 2 || numbers.put(f[0], Integer.parseInt(f[1])) != null) {
                throw new IllegalStateException("bad syscall table line for " + arch + ": " + line);
            }
        }
        return new SyscallTable(arch, numbers);
    }

    public Arch arch() {
        return arch;
    }

    /** The number of {@code name}, empty when this architecture has no such call. */
    public OptionalInt number(String name) {
        Integer nr = numbers.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** The name of call {@code nr}, or null. */
    public String name(int nr) {
        return names.get(nr);
    }

    /** Every name, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(numbers.keySet()));
    }

    /** True when {@code name} is a system call on at least one supported architecture. */
    public static boolean knownAnywhere(String name) {
        return Arrays.stream(Arch.values()).anyMatch(a -> a.syscalls().numbers.containsKey(name));
    }
}
