package io.tollgate.promotion.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A coupon's validity: it ends at 23:59:59 of its last day in the billing zone, i.e. before the next midnight. */
public final class Validity {
    private Validity() {
    }

    /** The exclusive end of a validity whose last day is {@code lastDay}: the midnight after it. */
    public static Instant until(LocalDate lastDay, ZoneId zone) {
        return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
