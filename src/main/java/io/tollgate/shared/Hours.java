package io.tollgate.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Clock hours of the billing time zone: the settlement period of pay-per-use usage, half-open
 * [start, start + 1h). They are cut at the zone's own hours, which for an offset that is not a
 * whole number of hours (+05:30, +05:45) are not UTC's: 10:00 in +05:30 is 04:30 UTC.
 */
public final class Hours {
    public static final Duration ONE = Duration.ofHours(1);

    private Hours() {
    }

    /** The start of the billing zone's clock hour that holds {@code t}. */
    public static Instant floor(Instant t, ZoneId zone) {
        long offset = zone.getRules().getOffset(t).getTotalSeconds();
        long local = t.getEpochSecond() + offset;
        return Instant.ofEpochSecond(Math.floorDiv(local, 3600) * 3600 - offset);
    }
}
