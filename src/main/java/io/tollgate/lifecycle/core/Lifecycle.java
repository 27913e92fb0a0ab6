package io.tollgate.lifecycle.core;

import io.tollgate.lifecycle.LifecycleState;
import java.time.Duration;
import java.time.Instant;

/** The pure transitions of the lifecycle and their deadlines. */
public final class Lifecycle {
    private Lifecycle() {
    }

    public enum Reason { EXPIRY, ARREARS }

    public record Policy(Duration grace, Duration retention) {
        public static final Policy DEFAULT = new Policy(Duration.ofDays(15), Duration.ofDays(15));
    }

    /** A state and when it next changes by itself (null: only an outside cause moves it). */
    public record Step(LifecycleState state, Instant nextTransitionAt) {
    }

    /** Expiry or arrears at {@code at}: ACTIVE -> GRACE until {@code at + grace}. Other states do not move. */
    public static Step enterGrace(LifecycleState current, Instant at, Policy policy) {
        if (current != LifecycleState.ACTIVE) {
            throw new IllegalStateException("only an ACTIVE resource enters grace, not a " + current + " one");
        }
        return new Step(LifecycleState.GRACE, at.plus(policy.grace()));
    }

    /** A deadline reached at {@code at}: GRACE -> FROZEN until {@code at + retention}; FROZEN -> RELEASED. */
    public static Step deadline(LifecycleState current, Instant at, Policy policy) {
        return switch (current) {
            case GRACE -> new Step(LifecycleState.FROZEN, at.plus(policy.retention()));
            case FROZEN -> new Step(LifecycleState.RELEASED, null);
            default -> throw new IllegalStateException("no deadline runs in state " + current);
        };
    }

    /** Renewal or paid arrears: GRACE or FROZEN -> ACTIVE. A released resource cannot come back. */
    public static Step restore(LifecycleState current) {
        if (current == LifecycleState.RELEASED) {
            throw new IllegalStateException("a released resource cannot be restored");
        }
        return new Step(LifecycleState.ACTIVE, null);
    }
}
