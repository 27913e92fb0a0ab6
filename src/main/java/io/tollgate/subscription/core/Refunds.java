package io.tollgate.subscription.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Unsubscription refunds (billing-rules.md section 6): refund = paid - consumed - handling fee,
 * never below zero; consumed = paid x used hours / order hours, both whole hours rounded down;
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
     * @param paid       cash paid for the term (not coupons)
     * @param effective  when the term took effect
     * @param endExclusive the term's exclusive end (the midnight after its expiry)
     * @param at         the moment of unsubscription
     */
    public static Refund refund(BigDecimal paid, Term term, Instant effective, Instant endExclusive, Instant at,
                                ZoneId zone) {
        long orderHours = Term.wholeHours(effective, endExclusive);
        long usedHours = Math.min(Term.wholeHours(effective, at), orderHours);
        BigDecimal consumed = orderHours == 0 ? paid : paid.multiply(BigDecimal.valueOf(usedHours))
                .divide(BigDecimal.valueOf(orderHours), 2, RoundingMode.HALF_UP);
        BigDecimal share = handlingFeeShare(term, yearOfUse(effective, at, zone));
        BigDecimal fee = paid.multiply(share).setScale(2, RoundingMode.HALF_UP);
        BigDecimal refund = paid.subtract(consumed).subtract(fee);
        return new Refund(orderHours, usedHours, consumed, share, fee,
                refund.signum() < 0 ? BigDecimal.ZERO.setScale(2) : refund.setScale(2, RoundingMode.UNNECESSARY));
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
