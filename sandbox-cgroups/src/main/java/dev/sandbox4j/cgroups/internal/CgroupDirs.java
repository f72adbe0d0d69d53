package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.CgroupException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/** mkdir/rmdir of sandbox cgroup directories with errors that say what to do. */
public final class CgroupDirs {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    public static final String HOW_TO_GET_ONE = "run as root, or start the JVM in a delegated cgroup v2 subtree: "
            + "systemd-run --user --scope -p Delegate=yes java ...";

    private CgroupDirs() {
    }

    public static void mkdir(CgroupFs fs, Path dir, int uid) throws CgroupException {
        try {
            fs.mkdir(dir);
        } catch (FileAlreadyExistsException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, "cgroup " + dir + " already exists: another sandbox uses "
                    + "that name, or an earlier one was not removed", e);
        } catch (AccessDeniedException e) {
            throw new CgroupException(CgroupException.Kind.UNAVAILABLE, "cannot create cgroup " + dir
                    + ": permission denied for uid " + uid + "; " + HOW_TO_GET_ONE, e);
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Kind.FAILED, "cannot create cgroup " + dir + ": " + CgroupIo.reason(e), e);
        }
    }

    /** Best-effort removal of directories created by a create() that then failed. */
    public static void rollback(CgroupFs fs, List<Path> created) {
        for (Path d : created.reversed()) {
            try {
                fs.rmdir(d);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove half-created cgroup {0}: {1}", d, CgroupIo.reason(e));
            }
        }
    }
}
