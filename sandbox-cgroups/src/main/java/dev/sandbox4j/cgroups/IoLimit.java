package dev.sandbox4j.cgroups;

/**
 * One I/O throttle: at most {@code value} bytes or operations per second of one kind on one device.
 *
 * <pre>{@code
 * new IoLimit(new BlockDevice(254, 0), IoLimit.Kind.READ_BPS, 10_485_760);  // v2: "254:0 rbps=10485760"
 * }</pre>
 *
 * @param device the resolved block device
 * @param kind what is limited
 * @param value the limit per second, at least 1
 */
public record IoLimit(BlockDevice device, Kind kind, long value) {

    /** What an {@link IoLimit} throttles, with the key of cgroup v2 {@code io.max} and the cgroup v1 file. */
    public enum Kind {
        /** Bytes read per second. */
        READ_BPS("rbps", "blkio.throttle.read_bps_device"),
        /** Bytes written per second. */
        WRITE_BPS("wbps", "blkio.throttle.write_bps_device"),
        /** Read operations per second. */
        READ_IOPS("riops", "blkio.throttle.read_iops_device"),
        /** Write operations per second. */
        WRITE_IOPS("wiops", "blkio.throttle.write_iops_device");

        private final String v2Key;
        private final String v1File;

        Kind(String v2Key, String v1File) {
            this.v2Key = v2Key;
            this.v1File = v1File;
        }

        /** The key in a v2 {@code io.max} line, e.g. {@code rbps}. */
        public String v2Key() {
            return v2Key;
        }

        /** The v1 blkio file that takes {@code "MAJ:MIN VALUE"}. */
        public String v1File() {
            return v1File;
        }
    }

    /** Checks the value is positive. */
    public IoLimit {
        if (device == null || kind == null) {
            throw new IllegalArgumentException("io limit needs a device and a kind");
        }
        if (value <= 0) {
            throw new IllegalArgumentException("invalid io limit " + kind.v2Key() + "=" + value + " on " + device
                    + ": expected a positive number per second");
        }
    }
}
