package io.tollgate.billing.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amortization's daily spread (billing-rules §9): an amount at the cent spread evenly over days,
 * the parts adding up exactly to it. In cents: every day gets the quotient, and the first
 * {@code remainder} days one cent more, so parts differ by at most a cent and none has the other
 * sign (100.00 over 30 days: 10000 = 30 x 333 + 10, the first 10 days 3.34, the other 20 days 3.33).
 */
public final class DailySpread {
    private DailySpread() {
    }

    /** The whole days a slice covers, [first, endExclusive), in the billing zone. */
    public record Days(LocalDate first, LocalDate endExclusive) {
        public int count() {
            return (int) (endExclusive.toEpochDay() - first.toEpochDay());
        }
    }

    /**
     * The whole days of a prepaid slice: from the first midnight at or after its start to its
     * exclusive end (the midnight after the expiry day). The partly used start day carries none,
     * as the change day counts for nothing in pro-rating (§4): a year bought 2026-01-01 15:00 runs
     * to 2027-01-01 23:59:59 and covers the 365 days 2026-01-02 .. 2027-01-01. A slice covering no
     * whole day is put on its start day.
     */
    public static Days wholeDays(Instant start, Instant endExclusive, ZoneId zone) {
        LocalDate startDay = start.atZone(zone).toLocalDate();
        boolean midnight = startDay.atStartOfDay(zone).toInstant().equals(start);
        LocalDate first = midnight ? startDay : startDay.plusDays(1);
        LocalDate end = endExclusive.atZone(zone).toLocalDate();
        return end.isAfter(first) ? new Days(first, end) : new Days(startDay, startDay.plusDays(1));
    }

    /** {@code amount} (at most two decimals, any sign) over {@code days} days, the parts at the cent. */
    public static List<BigDecimal> spread(BigDecimal amount, int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("a spread needs at least one day, not " + days);
        }
        long cents = amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        long base = cents / days;
        long remainder = Math.abs(cents % days);
        long step = Long.signum(cents);
        List<BigDecimal> parts = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
            parts.add(BigDecimal.valueOf(d < remainder ? base + step : base, 2));
        }
        return parts;
    }

    /**
     * A slice's amortized cost per day. When the slice was refunded on {@code refundDay} (null:
     * never), the days from then on carry no more cost: what they would have carried (the
     * unamortized remainder) is recognised on the refund day, where the refund itself is negative
     * cost, so the slice's days add up to what it kept (paid - refunded).
     */
    public static Map<LocalDate, BigDecimal> amortize(BigDecimal amount, Days days, LocalDate refundDay) {
        List<BigDecimal> parts = spread(amount, days.count());
        Map<LocalDate, BigDecimal> byDay = new LinkedHashMap<>();
        for (int d = 0; d < parts.size(); d++) {
            LocalDate day = days.first().plusDays(d);
            LocalDate on = refundDay != null && !day.isBefore(refundDay) ? refundDay : day;
            byDay.merge(on, parts.get(d), BigDecimal::add);
        }
        return byDay;
    }
}
