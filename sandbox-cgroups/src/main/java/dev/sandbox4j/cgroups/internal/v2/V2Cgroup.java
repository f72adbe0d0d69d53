package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.internal.AbstractSandboxCgroup;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.KeyValues;
import dev.sandbox4j.cgroups.internal.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A sandbox cgroup on the v2 hierarchy: one directory. */
final class V2Cgroup extends AbstractSandboxCgroup {

    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);

    private final Path dir;

    V2Cgroup(CgroupFs fs, String name, Path dir) {
        super(fs, name, List.of(dir));
        this.dir = dir;
    }

    @Override
    public CgroupLayout layout() {
        return CgroupLayout.UNIFIED;
    }

    private KeyValues events() throws CgroupException {
        return KeyValues.parse(CgroupIo.read(fs, dir.resolve("cgroup.events")));
    }

    @Override
    public boolean isEmpty() throws CgroupException {
        return events().get("populated").orElse(1) == 0;
    }

    @Override
    public void freeze() throws CgroupException {
        setFrozen(1);
    }

    @Override
    public void thaw() throws CgroupException {
        setFrozen(0);
    }

    private void setFrozen(int value) throws CgroupException {
        CgroupIo.write(fs, dir.resolve("cgroup.freeze"), Integer.toString(value));
        await(FREEZE_TIMEOUT, () -> events().get("frozen").orElse(-1) == value, "cgroup.events frozen " + value);
    }

    /** {@code cgroup.kill} (Linux 5.14+) kills atomically, forks included; older kernels get freeze-kill-thaw rounds. */
    @Override
    public void killAll() throws CgroupException {
        Path kill = dir.resolve("cgroup.kill");
        if (fs.exists(kill)) {
            CgroupIo.write(fs, kill, "1");
        } else {
            long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
            while (!isEmpty() && System.nanoTime() - deadline < 0) {
                freeze();
                try {
                    sigkill(pids());
                } finally {
                    thaw();
                }
                try {
                    Poll.until(Duration.ofMillis(200), this::isEmpty);
                } catch (CgroupException e) {
                    throw e;
                } catch (IOException e) {
                    throw new CgroupException(CgroupException.Kind.FAILED, CgroupIo.reason(e), e);
                }
            }
        }
        await(KILL_TIMEOUT, this::isEmpty, "cgroup.events populated 0 after cgroup.kill");
    }

    private void await(Duration timeout, Poll.Condition condition, String what) throws CgroupException {
        try {
            if (!Poll.until(timeout, condition)) {
                throw new CgroupException(CgroupException.Kind.FAILED, dir + ": no " + what + " within " + timeout);
            }
        } catch (CgroupException e) {
            throw e;
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, dir + ": waiting for " + what + ": " + CgroupIo.reason(e), e);
        }
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V2Stats.read(fs, dir);
    }

    @Override
    public boolean oomKilled() throws CgroupException {
        return V2Stats.oomKills(fs, dir).orElse(0) > 0;
    }
}
