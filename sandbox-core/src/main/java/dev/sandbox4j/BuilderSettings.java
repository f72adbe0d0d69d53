package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.units.MemorySize;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The root of {@link SandboxBuilder}'s settings: the builder's setters are grouped by concern in a
 * chain of small classes ({@link ProcessSettings}, {@link IdentitySettings}, {@link RootSettings},
 * {@link MountSettings}, {@link CgroupSettings}, {@link BudgetSettings}, {@link HardeningSettings}),
 * each holding the fields its setters assign and copying them for {@link Sandbox#toBuilder()}. A
 * setter only checks its argument and assigns; what follows from the settings together is decided
 * by {@code build()} through {@code dev.sandbox4j.internal.spec.SpecResolver}.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class BuilderSettings<B extends BuilderSettings<B>> {
    /** Settings copied by {@link Sandbox#toBuilder()}: each may be made once more, overriding the copy. */
    final Set<String> inherited;
    /** The host services the sandbox is checked against and started with. */
    final SandboxRuntime runtime;

    BuilderSettings(SandboxRuntime runtime) {
        this.inherited = new HashSet<>();
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    BuilderSettings(BuilderSettings<?> base) {
        this.inherited = new HashSet<>();
        this.runtime = base.runtime;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** {@code value}, remembered as copied when set: a copy's setting may be made once more. */
    final <T> T inherit(String what, T value) {
        if (value != null) {
            inherited.add(what);
        }
        return value;
    }

    /** Refuses a second setting ("hostname was already set to box"), unless the first was copied. */
    final void once(String what, Object current) {
        if (current != null && !inherited.remove(what)) {
            throw new IllegalStateException(what + " was already set to " + current);
        }
    }

    /** {@code value}, refusing it as {@link #once(String, Object)} does when {@code current} is set. */
    final <T> T once(String what, Object current, T value) {
        once(what, current);
        return value;
    }

    static MemorySize parseSize(String what, String size) {
        try {
            return MemorySize.parse(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
