package dev.sandbox4j.internal.process;

import dev.sandbox4j.internal.launch.StatusRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Status records as the shim server writes them (see {@code wire.def}), for a fake status pipe. */
public final class ShimRecords {
    private ShimRecords() {}

    public static byte[] started(int innerPid, int initHostPid) {
        return record(StatusRecord.STARTED, 8).putInt(innerPid).putInt(initHostPid).array();
    }

    public static byte[] exited(int waitStatus) {
        return record(StatusRecord.EXITED, 28).putInt(waitStatus).putLong(1000).putLong(2000).putLong(4096).array();
    }

    public static byte[] reaped(int waitStatus) {
        return record(StatusRecord.REAPED, 4).putInt(waitStatus).array();
    }

    /** A failure outside any plan op (~0, ~0 for its index and code). */
    public static byte[] failed(String step, int errno, String detail) {
        return failed(step, errno, detail, -1, -1);
    }

    /** As status.c's fail() writes it: errno, step, detail, then the plan op being applied. */
    public static byte[] failed(String step, int errno, String detail, int opIndex, int opCode) {
        byte[] s = step.getBytes(StandardCharsets.UTF_8), d = detail.getBytes(StandardCharsets.UTF_8);
        return record(StatusRecord.FAILED, 20 + s.length + d.length).putInt(errno).putInt(s.length).put(s)
                .putInt(d.length).put(d).putInt(opIndex).putInt(opCode).array();
    }

    private static ByteBuffer record(int type, int len) {
        return ByteBuffer.allocate(8 + len).order(ByteOrder.nativeOrder()).putInt(type).putInt(len);
    }
}
