package dev.sandbox4j;

import java.util.List;

/**
 * What a JVM older than 22 loads as {@code dev.sandbox4j.Sandbox}: the jar is
 * multi-release, its real classes (Java 22, the FFM API) are under
 * {@code META-INF/versions/22} for {@code Sandbox} and need Java 22 for the
 * rest. This class, compiled for Java 8, has the same public methods and
 * fails as it is initialized, so the first {@code Sandbox.builder()} or
 * {@code Sandbox.probe()} throws one error that names the version to use,
 * instead of {@code UnsupportedClassVersionError: class file version 66.0}.
 * No method of it ever runs.
 */
public final class Sandbox {
    static {
        refuse();
    }

    private Sandbox() {}

    private static void refuse() {
        throw new UnsupportedClassVersionError("sandbox4j needs Java 22 or newer (it calls Linux through the"
                + " foreign function and memory API, final in Java 22); this JVM is Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                + "): run the program with a JDK 22 or newer (set JAVA_HOME, or put its bin/java first on PATH)");
    }

    /** Never runs: the class fails to initialize. @return nothing */
    public static SandboxBuilder builder() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public SandboxBuilder toBuilder() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public static ProbeReport probe() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public SandboxProcess start() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public List<String> describe() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public static String version() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public List<String> command() {
        throw new AssertionError();
    }

    /** Never runs. @return nothing */
    public Network network() {
        throw new AssertionError();
    }
}
