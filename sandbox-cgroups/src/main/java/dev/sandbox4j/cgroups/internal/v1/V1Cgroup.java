package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.internal.AbstractSandboxCgroup;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A sandbox cgroup on v1 (or the v1 side of a hybrid host): one directory per hierarchy used. */
final class V1Cgroup extends AbstractSandboxCgroup {

    private final CgroupLayout layout;
    private final Map<Controller, Path> byController;

    V1Cgroup(CgroupFs fs, CgroupLayout layout, String name, Map<Controller, Path> byController, List<Path> dirs) {
        super(fs, name, dirs);
        this.layout = layout;
        this.byController = new EnumMap<>(byController);
    }

    @Override
    public CgroupLayout layout() {
        return layout;
    }

    @Override
    public boolean isEmpty() throws CgroupException {
        for (Path p : procsFiles()) {
            if (!CgroupIo.read(fs, p).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private Path freezerDir() throws CgroupException {
        Path d = byController.get(Controller.FREEZER);
        if (d == null) {
            throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING,
                    "cannot freeze cgroup " + name() + ": the v1 freezer controller is not mounted on this host");
        }
        return d;
    }

    @Override
    public void freeze() throws CgroupException {
        FreezerController.set(fs, freezerDir(), "FROZEN");
    }

    @Override
    public void thaw() throws CgroupException {
        FreezerController.set(fs, freezerDir(), "THAWED");
    }

    /**
     * Freeze so nothing can fork, SIGKILL every listed pid, thaw so the kills are delivered (a frozen v1 task
     * does not die until thawed), and repeat until empty: a double-forked child that escaped one round's list
     * is caught by the next.
     */
    @Override
    public void killAll() throws CgroupException {
        boolean canFreeze = byController.containsKey(Controller.FREEZER);
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        try {
            while (!isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CgroupException(CgroupException.Kind.FAILED, "cgroup " + name() + " still has pids "
                            + pids() + " after killing for " + KILL_TIMEOUT);
                }
                if (canFreeze) {
                    freeze();
                }
                try {
                    sigkill(pids());
                } finally {
                    if (canFreeze) {
                        thaw();
                    }
                }
                Poll.until(Duration.ofMillis(200), this::isEmpty);
            }
        } catch (CgroupException e) {
            throw e;
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, "killing cgroup " + name() + ": " + CgroupIo.reason(e), e);
        }
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V1Stats.read(fs, byController);
    }

    /**
     * From {@code memory.oom_control}'s {@code oom_kill} count. Kernels before 4.13 lack that line; there the
     * fallback is {@code memory.failcnt > 0}, which also counts limit hits that reclaim resolved without a kill.
     */
    @Override
    public boolean oomKilled() throws CgroupException {
        Path mem = byController.get(Controller.MEMORY);
        if (mem == null) {
            return false;
        }
        OptionalLong kills = V1Stats.oomKills(fs, mem);
        if (kills.isPresent()) {
            return kills.getAsLong() > 0;
        }
        return CgroupIo.readLongIfPresent(fs, mem.resolve("memory.failcnt")).orElse(0) > 0;
    }
}
