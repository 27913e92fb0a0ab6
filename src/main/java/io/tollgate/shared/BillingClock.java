package io.tollgate.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the application. In production it follows the system clock. In demo and
 * test modes it is adjustable: it starts at a chosen instant and moves only when an operator
 * advances it, and never backwards, because settled hours must stay in the past.
 */
public final class BillingClock extends Clock {
    public enum Mode { SYSTEM, ADJUSTABLE }

    private final Mode mode;
    private final ZoneId zone;
    private final AtomicReference<Instant> now;

    private BillingClock(Mode mode, ZoneId zone, Instant start) {
        this.mode = mode;
        this.zone = zone;
        this.now = new AtomicReference<>(start);
    }

    public static BillingClock system(ZoneId zone) {
        return new BillingClock(Mode.SYSTEM, zone, null);
    }

    public static BillingClock adjustable(ZoneId zone, Instant start) {
        return new BillingClock(Mode.ADJUSTABLE, zone, start);
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
        return mode == Mode.SYSTEM ? system(other) : adjustable(other, instant());
    }

    @Override
    public Instant instant() {
        return mode == Mode.SYSTEM ? Instant.now() : now.get();
    }

    /** Moves an adjustable clock forward to {@code target}; refuses to go back in time. */
    public Instant advanceTo(Instant target) {
        if (mode != Mode.ADJUSTABLE) {
            throw Failure.conflict("clock-not-adjustable", "the clock follows the system time in this mode");
        }
        Instant previous = now.getAndUpdate(current -> target.isAfter(current) ? target : current);
        if (target.isBefore(previous)) {
            throw Failure.invalid("clock-backwards", "the clock is at " + previous + " and cannot go back to " + target);
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
