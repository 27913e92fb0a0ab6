package io.tollgate.clock;

import java.time.Duration;

/** The wait before a quarantined item is tried again: 1 minute after its first failure, doubling, at most 6 hours. */
public final class QuarantineBackOff {
    static final Duration FIRST = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofHours(6);

    private QuarantineBackOff() {
    }

    public static Duration of(int failuresInARow) {
        Duration d = FIRST.multipliedBy(1L << Math.min(Math.max(failuresInARow, 1) - 1, 20));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
