package dev.sandbox4j.it;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.fs.MountPlan;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts a main class in a child JVM with this test's class path: {@code java.class.path} plus where the
 * main class and the library's modules were loaded from (a launcher with its own class loader, as the cgroup v2
 * lane's, leaves them out of {@code java.class.path}).
 */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Class<?> main, Redirect stdout, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : List.of(main, Sandbox.class, CgroupHost.class, MountPlan.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IOException("where " + c + " was loaded from", e);
            }
        }
        cp.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, cp), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(Redirect.INHERIT).start();
    }
}
