package io.tollgate.it;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * An independent model of the prepaid rules of billing-rules.md section 4 for the tests, written
 * from the rules and not from subscription/core: day by day rather than month by month, with
 * exact fractions kept as a numerator and denominator until the end.
 */
final class PrepaidModel {
    private PrepaidModel() {
    }

    /**
     * The sum over the days after {@code from} up to {@code to} (inclusive) of 1 / (days of that
     * day's month), as an exact rational: numerator over the product-free common denominator
     * 28 x 29 x 30 x 31 = 755,160.
     */
    static BigDecimal monthFractions(LocalDate from, LocalDate to) {
        long common = 28L * 29 * 30 * 31;
        long numerator = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            numerator += common / d.lengthOfMonth();
        }
        return new BigDecimal(numerator).divide(new BigDecimal(common), MathContext.DECIMAL128);
    }

    /** The remaining factor: fractions to the expiry, at most months x the share of the term left; 4 decimals. */
    static BigDecimal factor(LocalDate change, LocalDate expiry, LocalDate termStart, int months) {
        BigDecimal remaining = monthFractions(change, expiry);
        BigDecimal whole = monthFractions(termStart, expiry);
        BigDecimal share = BigDecimal.valueOf(months).multiply(remaining).divide(whole, MathContext.DECIMAL128);
        return remaining.min(share).setScale(4, RoundingMode.HALF_UP);
    }

    /** The expiry date of a purchase: the same day a term later, or the target month's last day. */
    static LocalDate purchaseExpiry(LocalDate bought, int months) {
        LocalDate target = bought.withDayOfMonth(1).plusMonths(months);
        return target.withDayOfMonth(Math.min(bought.getDayOfMonth(), target.lengthOfMonth()));
    }

    /** The expiry date of a renewal: a month end goes to the target month's end. */
    static LocalDate renewalExpiry(LocalDate oldExpiry, int months) {
        LocalDate target = oldExpiry.withDayOfMonth(1).plusMonths(months);
        boolean monthEnd = oldExpiry.getDayOfMonth() == oldExpiry.lengthOfMonth();
        return target.withDayOfMonth(monthEnd ? target.lengthOfMonth()
                : Math.min(oldExpiry.getDayOfMonth(), target.lengthOfMonth()));
    }
}
