package io.tollgate.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The retry delay of deliveries: {@code base} doubled per failure after the first, capped, and
 * jittered to between half and all of it (so retries of many deliveries spread out).
 */
public final class BackOff {
    private BackOff() {
    }

    /** The delay after the {@code failures}-th failed attempt, before jitter. */
    public static Duration delay(Duration base, Duration cap, int failures) {
        Duration d = base;
        for (int i = 1; i < failures && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /** When the next attempt is due: {@code now} plus between half and all of the delay. */
    public static Instant next(Instant now, Duration delay, RandomGenerator random) {
        long half = delay.toMillis() / 2;
        return now.plusMillis(half + random.nextLong(half + 1));
    }
}
