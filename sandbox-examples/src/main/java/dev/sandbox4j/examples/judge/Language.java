package dev.sandbox4j.examples.judge;

import java.util.List;
import java.util.Locale;

/**
 * How the reference judge compiles and runs one language. The compiler runs in the workspace
 * ({@code /work}) on the source; {@link #artifact} is what it leaves there, which each test case
 * then runs read-only from {@code /judge}.
 *
 * <pre>{@code
 * Language.parse("python").compile(); // [python3, -m, py_compile, main.py]
 * }</pre>
 */
public enum Language {
    C("main.c", "main", List.of("gcc", "-O2", "-std=gnu11", "-o", "main", "main.c", "-lm"), List.of("/judge/main")),
    CPP("main.cpp", "main", List.of("g++", "-O2", "-std=gnu++17", "-o", "main", "main.cpp"), List.of("/judge/main")),
    // py_compile only checks the syntax (CE); the source itself is what runs.
    PYTHON("main.py", "main.py", List.of("python3", "-m", "py_compile", "main.py"), List.of("python3", "/judge/main.py")),
    JAVA("Main.java", "Main.class", List.of("javac", "-J-Xmx256m", "Main.java"),
            List.of("java", "-Xss64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/judge", "Main"));

    private final String source;
    private final String artifact;
    private final List<String> compile;
    private final List<String> run;

    Language(String source, String artifact, List<String> compile, List<String> run) {
        this.source = source;
        this.artifact = artifact;
        this.compile = compile;
        this.run = run;
    }

    /** {@code c}, {@code c++}/{@code cpp}, {@code python}/{@code py}, {@code java}, any case. */
    public static Language parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "c" -> C;
            case "c++", "cpp", "cxx" -> CPP;
            case "python", "python3", "py" -> PYTHON;
            case "java" -> JAVA;
            default -> throw new IllegalArgumentException("language '" + name + "' is not one of c, c++, python, java");
        };
    }

    /** The file name the source is compiled under. */
    public String source() {
        return source;
    }

    /** What the compiler leaves in the workspace, the file each case runs. */
    public String artifact() {
        return artifact;
    }

    public List<String> compile() {
        return compile;
    }

    public List<String> run() {
        return run;
    }

    /**
     * True for a JVM, which reserves far more address space than it uses: without a cgroup the
     * judge caps its heap instead of RLIMIT_AS.
     */
    boolean reservesAddressSpace() {
        return this == JAVA;
    }
}
