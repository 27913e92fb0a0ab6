package io.tollgate.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Clock hours: the settlement period of pay-per-use usage, half-open [start, start + 1h). */
public final class Hours {
    public static final Duration ONE = Duration.ofHours(1);

    private Hours() {
    }

    public static Instant floor(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
