package io.tollgate.billing;

import io.tollgate.shared.Failure;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** A billing cycle: a calendar month in the billing time zone, as the half-open [start, end). */
public record BillingPeriod(YearMonth month, Instant start, Instant endExclusive) {

    /** Parses "2026-03"; null means the current month by the clock. */
    public static BillingPeriod of(String month, Clock clock) {
        YearMonth ym;
        try {
            ym = month == null ? YearMonth.now(clock) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw Failure.invalid("invalid-month", "month must look like 2026-03");
        }
        if (ym.getYear() < 2000 || ym.getYear() > 2200) {
            throw Failure.invalid("invalid-month", "month out of range");
        }
        return of(ym, clock.getZone());
    }

    /** The month {@code ym} in the billing zone {@code zone}. */
    public static BillingPeriod of(YearMonth ym, java.time.ZoneId zone) {
        return new BillingPeriod(ym, ym.atDay(1).atStartOfDay(zone).toInstant(),
                ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }
}
