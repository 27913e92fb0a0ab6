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
    /** ADJUSTABLE: the instant itself; DEMO: the offset from the real clock, as EPOCH + offset. */
    private final AtomicReference<Instant> state;
    /** Real time: the system clock, or a test's stand-in for it. */
    private final Clock real;

    private BillingClock(Mode mode, ZoneId zone, Instant state) {
        this(mode, zone, state, Clock.systemUTC());
    }

    private BillingClock(Mode mode, ZoneId zone, Instant state, Clock real) {
        this.mode = mode;
        this.zone = zone;
        this.state = new AtomicReference<>(state);
        this.real = real;
    }

    public static BillingClock system(ZoneId zone) {
        return new BillingClock(Mode.SYSTEM, zone, null);
    }

    public static BillingClock adjustable(ZoneId zone, Instant start) {
        return new BillingClock(Mode.ADJUSTABLE, zone, start);
    }

    /** The system time, ahead by whatever the operator advanced it. */
    public static BillingClock demo(ZoneId zone) {
        return demo(zone, Clock.systemUTC());
    }

    /** A demo clock over another real clock (tests simulate time passing while Tollgate is down). */
    public static BillingClock demo(ZoneId zone, Clock real) {
        return new BillingClock(Mode.DEMO, zone, Instant.EPOCH, real);
    }

    /** DEMO: how far ahead of real time the clock is; zero in the other modes. */
    public Duration offset() {
        return mode == Mode.DEMO ? Duration.between(Instant.EPOCH, state.get()) : Duration.ZERO;
    }

    /**
     * DEMO: moves the offset up to {@code offset} (a restart restoring the saved one); never down.
     * The offset, not an instant, is what a restart must restore: the clock kept running ahead of
     * real time after the last advance, and the jobs settled those hours.
     */
    public void raiseOffsetTo(Duration offset) {
        if (mode != Mode.DEMO) {
            throw new IllegalStateException("only a demo clock has an offset");
        }
        state.getAndUpdate(old -> offset.compareTo(Duration.between(Instant.EPOCH, old)) > 0
                ? Instant.EPOCH.plus(offset) : old);
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
            case DEMO -> new BillingClock(Mode.DEMO, other, state.get(), real);
        };
    }

    @Override
    public Instant instant() {
        return switch (mode) {
            case SYSTEM -> Instant.now();
            case ADJUSTABLE -> state.get();
            case DEMO -> real.instant().plus(Duration.between(Instant.EPOCH, state.get()));
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
            raiseOffsetTo(Duration.between(real.instant(), target));
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
