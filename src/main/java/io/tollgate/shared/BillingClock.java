package io.tollgate.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the application, in one of three modes:
 * <ul>
 *   <li>SYSTEM (production) follows the system clock and cannot be moved;</li>
 *   <li>DEMO follows the system clock plus an offset that an operator can only increase, so time
 *       passes by itself and can also be jumped ahead;</li>
 *   <li>ADJUSTABLE (tests, scenarios) stands still at a chosen instant until it is advanced.</li>
 * </ul>
 * A movable clock never goes backwards, because settled hours must stay in the past.
 */
public final class BillingClock extends Clock {
    public enum Mode { SYSTEM, DEMO, ADJUSTABLE }

    private final Mode mode;
    private final ZoneId zone;
    /** ADJUSTABLE: the instant itself; DEMO: the offset from the system clock, as EPOCH + offset. */
    private final AtomicReference<Instant> state;

    private BillingClock(Mode mode, ZoneId zone, Instant state) {
        this.mode = mode;
        this.zone = zone;
        this.state = new AtomicReference<>(state);
    }

    public static BillingClock system(ZoneId zone) {
        return new BillingClock(Mode.SYSTEM, zone, null);
    }

    public static BillingClock adjustable(ZoneId zone, Instant start) {
        return new BillingClock(Mode.ADJUSTABLE, zone, start);
    }

    /** The system time, ahead by whatever the operator advanced it. */
    public static BillingClock demo(ZoneId zone) {
        return new BillingClock(Mode.DEMO, zone, Instant.EPOCH);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return switch (mode) {
            case SYSTEM -> system(other);
            case ADJUSTABLE -> adjustable(other, instant());
            case DEMO -> new BillingClock(Mode.DEMO, other, state.get());
        };
    }

    @Override
    public Instant instant() {
        return switch (mode) {
            case SYSTEM -> Instant.now();
            case ADJUSTABLE -> state.get();
            case DEMO -> Instant.now().plus(Duration.between(Instant.EPOCH, state.get()));
        };
    }

    /** Moves a movable clock forward to {@code target}; refuses to go back in time. */
    public Instant advanceTo(Instant target) {
        if (mode == Mode.SYSTEM) {
            throw Failure.conflict("clock-not-adjustable", "the clock follows the system time in this mode");
        }
        Instant current = instant();
        if (target.isBefore(current)) {
            throw Failure.invalid("clock-backwards", "the clock is at " + current + " and cannot go back to " + target);
        }
        if (mode == Mode.ADJUSTABLE) {
            state.getAndUpdate(now -> target.isAfter(now) ? target : now);
        } else {
            Duration offset = Duration.between(Instant.now(), target);
            state.getAndUpdate(old -> offset.compareTo(Duration.between(Instant.EPOCH, old)) > 0
                    ? Instant.EPOCH.plus(offset) : old);
        }
        return target;
    }

    public Instant advanceBy(Duration step) {
        if (step.isNegative()) {
            throw Failure.invalid("clock-backwards", "the clock cannot go back");
        }
        return advanceTo(instant().plus(step));
    }
}
