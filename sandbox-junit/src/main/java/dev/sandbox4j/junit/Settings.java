package dev.sandbox4j.junit;

import dev.sandbox4j.Namespace;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The {@link SandboxConfig} and {@link TempRootfs} that apply to one test: the outermost class first, then each
 * nested class, then the method; every attribute set later wins.
 */
record Settings(
        List<String> command,
        String memory,
        String timeout,
        SandboxConfig.Network network,
        List<Namespace> share,
        List<String> readOnlyBinds,
        List<String> tmpfs,
        String workspace,
        Optional<TempRootfs> rootfs) {

    static final String DEFAULT_WORKSPACE = "/tmp/workspace";

    static final Settings NONE = new Settings(List.of(), "", "", SandboxConfig.Network.UNSET, List.of(), List.of(),
            List.of(), "", Optional.empty());

    /** The settings for a test class (method empty) or a test method of it. */
    static Settings of(Class<?> testClass, Optional<Method> method) {
        List<AnnotatedElement> chain = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            chain.addFirst(c);
        }
        method.ifPresent(chain::add);
        Settings s = NONE;
        for (AnnotatedElement e : chain) {
            Optional<SandboxConfig> config = AnnotationSupport.findAnnotation(e, SandboxConfig.class);
            if (config.isPresent()) {
                s = s.with(config.get());
            }
            Optional<TempRootfs> root = AnnotationSupport.findAnnotation(e, TempRootfs.class);
            if (root.isPresent()) {
                s = s.withRootfs(root.get());
            }
        }
        if (method.isPresent()) {
            for (Parameter p : method.get().getParameters()) {
                if (s.rootfs.isEmpty() && p.isAnnotationPresent(TempRootfs.class)) {
                    s = s.withRootfs(p.getAnnotation(TempRootfs.class));
                }
                if (s.workspace.isEmpty() && p.isAnnotationPresent(Workspace.class)) {
                    s = s.withWorkspace(DEFAULT_WORKSPACE);
                }
            }
        }
        return s;
    }

    Settings with(SandboxConfig c) {
        return new Settings(
                c.command().length > 0 ? List.of(c.command()) : command,
                c.memory().isEmpty() ? memory : c.memory(),
                c.timeout().isEmpty() ? timeout : c.timeout(),
                c.network() == SandboxConfig.Network.UNSET ? network : c.network(),
                c.share().length > 0 ? List.of(c.share()) : share,
                c.readOnlyBinds().length > 0 ? List.of(c.readOnlyBinds()) : readOnlyBinds,
                c.tmpfs().length > 0 ? List.of(c.tmpfs()) : tmpfs,
                c.workspace().isEmpty() ? workspace : c.workspace(),
                rootfs);
    }

    Settings withRootfs(TempRootfs r) {
        return new Settings(command, memory, timeout, network, share, readOnlyBinds, tmpfs, workspace, Optional.of(r));
    }

    Settings withWorkspace(String w) {
        return new Settings(command, memory, timeout, network, share, readOnlyBinds, tmpfs, w, rootfs);
    }

    /** The namespaces the sandbox shares with the host. */
    Set<Namespace> shared() {
        Set<Namespace> s = EnumSet.noneOf(Namespace.class);
        s.addAll(share);
        if (network == SandboxConfig.Network.HOST) {
            s.add(Namespace.NET);
        }
        return s;
    }

    /** The namespaces the sandbox creates. */
    Set<Namespace> created() {
        Set<Namespace> s = EnumSet.allOf(Namespace.class);
        s.removeAll(shared());
        return s;
    }

    /** Whether a cgroup is needed (a limit is set). */
    boolean needsCgroup() {
        return !memory.isEmpty();
    }

    @Override
    public String toString() {
        return "SandboxConfig[command=" + command + ", memory=" + memory + ", timeout=" + timeout + ", network="
                + network + ", share=" + share + ", readOnlyBinds=" + readOnlyBinds + ", tmpfs=" + tmpfs
                + ", workspace=" + workspace + ", rootfs=" + rootfs.map(r -> Arrays.toString(r.binaries()) + " "
                + r.directory() + " " + r.tar()).orElse("-") + "]";
    }
}
