package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** v1 {@code freezer.state}: write FROZEN or THAWED, then wait until it reads back (FREEZING is the in-between). */
final class FreezerController {

    static final String STATE = "freezer.state";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FreezerController() {
    }

    static void set(CgroupFs fs, Path dir, String state) throws CgroupException {
        Path file = dir.resolve(STATE);
        CgroupIo.write(fs, file, state);
        try {
            if (!Poll.until(TIMEOUT, () -> CgroupIo.read(fs, file).trim().equals(state))) {
                throw new CgroupException(CgroupException.Kind.FAILED, file + " did not reach " + state + " within "
                        + TIMEOUT + " (reads " + CgroupIo.read(fs, file).trim() + ")");
            }
        } catch (CgroupException e) {
            throw e;
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, "waiting for " + file + " = " + state + ": "
                    + CgroupIo.reason(e), e);
        }
    }
}
