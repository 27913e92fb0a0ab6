package io.tollgate.rating;

import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.resource.Segment;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Hours;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rates one clock hour of a resource. Each segment is clipped to the hour and split again where
 * a new price version takes effect, so every second is priced by the version in force.
 */
public final class Rater {
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Rater() {
    }

    public static List<FeeLine> rateHour(Instant hourStart, List<Segment> segments, PriceBook book, String region,
                                         BillingMode mode, String currency) {
        Instant hourEnd = hourStart.plus(Hours.ONE);
        List<FeeLine> lines = new ArrayList<>();
        for (Segment s : segments) {
            Instant from = max(s.startedAt(), hourStart);
            Instant to = s.endedAt() == null ? hourEnd : min(s.endedAt(), hourEnd);
            if (!from.isBefore(to)) {
                continue;
            }
            for (PriceVersion price : versionsDuring(book, s.specCode(), region, mode, currency, from, to)) {
                Instant a = max(from, price.effectiveFrom());
                Instant b = min(to, nextVersionStart(book, price, to));
                if (a.isBefore(b)) {
                    lines.add(line(s, a, b, price));
                }
            }
        }
        lines.sort(Comparator.comparing(FeeLine::periodStart).thenComparing(FeeLine::meter));
        return lines;
    }

    /**
     * Prices one stretch. Usage in the unit is seconds / 3600 truncated to 10 decimals, times the
     * quantity; the amount is rounded half-up to 8 decimals (the charge at the cent is made at
     * settlement, with the month's carry). Known answer: 1000 GB at 0.000064 for 3,600 s:
     * 1.0000000000 h x 1000 = 1000 GB-h, x 0.000064 = 0.06400000.
     */
    static FeeLine line(Segment s, Instant from, Instant to, PriceVersion price) {
        int seconds = Math.toIntExact(Duration.between(from, to).toSeconds());
        BigDecimal hours = BigDecimal.valueOf(seconds).divide(SECONDS_PER_HOUR, Amounts.USAGE_SCALE, RoundingMode.DOWN);
        BigDecimal usage = hours.multiply(BigDecimal.valueOf(s.quantity()));
        BigDecimal list = Amounts.toFeeScale(price.unitPrice().multiply(usage), RoundingMode.HALF_UP);
        BigDecimal discount = Amounts.toFeeScale(BigDecimal.ZERO, RoundingMode.UNNECESSARY);
        BigDecimal amount = list.subtract(discount);
        return new FeeLine(s.meter(), s.specCode(), s.quantity(), from, to, seconds, usage, price.unit(),
                price.unitPrice(), price.id(), price.version(), list, discount, amount);
    }

    private static List<PriceVersion> versionsDuring(PriceBook book, String spec, String region, BillingMode mode,
                                                     String currency, Instant from, Instant to) {
        PriceVersion first = book.inForce(spec, region, mode, currency, from);
        if (first == null) {
            throw new IllegalStateException("no " + mode + " price in " + currency + " for " + spec + " in " + region
                    + " at " + from + ": resources are only admitted with a price in force");
        }
        List<PriceVersion> result = new ArrayList<>();
        result.add(first);
        for (PriceVersion v : book.versions(spec, region, mode, currency)) {
            if (v.effectiveFrom().isAfter(from) && v.effectiveFrom().isBefore(to)) {
                result.add(v);
            }
        }
        return result;
    }

    private static Instant nextVersionStart(PriceBook book, PriceVersion price, Instant fallback) {
        for (PriceVersion v : book.versions(price.specCode(), price.region(), price.billingMode(), price.currency())) {
            if (v.effectiveFrom().isAfter(price.effectiveFrom())) {
                return v.effectiveFrom();
            }
        }
        return fallback;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
