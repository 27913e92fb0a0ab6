package io.tollgate.subscription.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Unsubscription refunds (billing-rules.md section 6): refund = paid - consumed - handling fee,
 * never below zero; consumed = paid x used hours / order hours, both whole clock hours;
 * the handling fee is a share of the amount paid that depends on the term and the year of use.
 */
public final class Refunds {
    /** Within this long of the purchase, an unsubscription returns everything (at most {@link #FIVE_DAY_LIMIT} times). */
    public static final Duration FIVE_DAYS = Duration.ofDays(5);
    public static final int FIVE_DAY_LIMIT = 10;

    private Refunds() {
    }

    public record Refund(long orderHours, long usedHours, BigDecimal consumed, BigDecimal feeShare,
                         BigDecimal handlingFee, BigDecimal refund) {
    }

    /**
     * The refund of one slice of prepaid money (billing-rules.md section 6). Both durations are
     * whole clock hours counted from the start of the hour the slice took effect (10:30 counts from
     * 10:00): the order to the end of its term (23:59:59 counts to the next midnight), the use to
     * the start of the hour of unsubscription (18:40 counts to 18:00).
     *
     * <p>{@code paid} is signed: a downgrade's slice is the money already given back, negative. Its
     * consumed part and its handling fee are negative too, so the fee of a subscription is the
     * share of what it paid net of what was given back, and the slice's (negative) refund takes
     * off what the downgrade already returned for the remaining hours. Only a positive slice is
     * floored at zero; the caller floors the sum and caps it by the money still held.
     *
     * @param paid          cash and credit of the slice (not coupons), signed
     * @param term          the term whose handling fee applies (its unit and count)
     * @param effective     when the slice took effect
     * @param endExclusive  the slice's exclusive end (the midnight after its expiry)
     * @param useStartedAt  where the year of use counts from: the start of the order the slice belongs to
     * @param at            the moment of unsubscription
     */
    public static Refund refund(BigDecimal paid, Term term, Instant effective, Instant endExclusive,
                                Instant useStartedAt, Instant at, ZoneId zone) {
        Instant from = Term.hourStart(effective, zone);
        long orderHours = Term.wholeHours(from, Term.hourEnd(endExclusive, zone));
        long usedHours = Math.min(Term.wholeHours(from, Term.hourStart(at, zone)), orderHours);
        BigDecimal consumed = orderHours == 0 ? paid : paid.multiply(BigDecimal.valueOf(usedHours))
                .divide(BigDecimal.valueOf(orderHours), 2, RoundingMode.HALF_UP);
        BigDecimal share = handlingFeeShare(term, yearOfUse(useStartedAt, at, zone));
        BigDecimal fee = paid.multiply(share).setScale(2, RoundingMode.HALF_UP);
        BigDecimal refund = paid.subtract(consumed).subtract(fee).setScale(2, RoundingMode.UNNECESSARY);
        boolean floored = paid.signum() > 0 && refund.signum() < 0;
        return new Refund(orderHours, usedHours, consumed, share, fee, floored ? BigDecimal.ZERO.setScale(2) : refund);
    }

    /** 1 during the first year after the term took effect, 2 during the second, and so on. */
    public static int yearOfUse(Instant effective, Instant at, ZoneId zone) {
        int year = 1;
        var start = effective.atZone(zone);
        while (!at.isBefore(start.plusYears(year).toInstant())) {
            year++;
        }
        return year;
    }

    /** Monthly or 1-year terms 10%; 2-year 15% then 10%; 3-year 15%, 10%, then 5%. */
    public static BigDecimal handlingFeeShare(Term term, int yearOfUse) {
        if (term.unit() == Term.TermUnit.MONTH || term.count() == 1) {
            return new BigDecimal("0.10");
        }
        if (term.count() == 2) {
            return yearOfUse <= 1 ? new BigDecimal("0.15") : new BigDecimal("0.10");
        }
        return switch (Math.min(yearOfUse, 3)) {
            case 1 -> new BigDecimal("0.15");
            case 2 -> new BigDecimal("0.10");
            default -> new BigDecimal("0.05");
        };
    }
}
