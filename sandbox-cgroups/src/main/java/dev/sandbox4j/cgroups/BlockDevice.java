package dev.sandbox4j.cgroups;

/**
 * A block device by its kernel numbers, the way {@code io.max} and {@code blkio.throttle.*} name it.
 *
 * <pre>{@code
 * new BlockDevice(254, 0).toString();   // "254:0"
 * }</pre>
 *
 * @param major the major number (0 or more)
 * @param minor the minor number (0 or more)
 */
public record BlockDevice(int major, int minor) {

    /** Checks the numbers are not negative. */
    public BlockDevice {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("invalid block device " + major + ":" + minor
                    + ": major and minor must not be negative");
        }
    }

    /** {@code MAJ:MIN}, the form cgroup files use. */
    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
