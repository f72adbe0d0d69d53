package dev.sandbox4j.internal.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A launch plan's bytes and, per op index, the builder setting that produced
 * the op (a {@code String}, a mount step or a root; null when none is
 * recorded), so a failure the shim reports for op {@code i} can name it.
 *
 * @param bytes    the plan in the shim's wire format
 * @param settings per op index, what produced the op, or null
 */
public record Plan(byte[] bytes, List<Object> settings) {
    /**
     * A plan without settings (tests, hand-written plans).
     *
     * @param bytes the plan's bytes
     * @return the plan
     */
    public static Plan of(byte[] bytes) {
        return new Plan(bytes, List.of());
    }

    /**
     * The number of ops, from the header.
     *
     * @return the op count, 0 for a plan too short to have one
     */
    public int opCount() {
        return bytes.length < 12 ? 0 : ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(8);
    }

    /**
     * What produced op {@code index}, in the builder's terms.
     *
     * @param index the op's index in the plan
     * @return a description, or null when the plan recorded none
     */
    public String setting(int index) {
        Object s = index >= 0 && index < settings.size() ? settings.get(index) : null;
        return s == null ? null : SettingNames.describe(s);
    }
}
