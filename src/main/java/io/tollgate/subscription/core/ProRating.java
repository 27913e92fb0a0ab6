package io.tollgate.subscription.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Pro-rating of a spec change over the remaining term (billing-rules.md section 4): the sum over
 * calendar months of (remaining days in that month / days in that month), the change day not
 * counted, the expiry day counted, the factor rounded half-up to 4 decimals and never above the
 * remaining share of the paid term. The fee is the monthly price difference times the factor,
 * truncated to the cent.
 */
public final class ProRating {
    private ProRating() {
    }

    public static BigDecimal remainingFactor(LocalDate changeDay, LocalDate expiryDay) {
        return monthFractions(changeDay, expiryDay).setScale(4, RoundingMode.HALF_UP);
    }

    /**
     * The remaining factor, never more than the remaining share of the paid term: the sum of
     * calendar-month fractions from the change day to the expiry, but at most
     * {@code paidMonths} x (that sum / the same sum over the whole paid term from
     * {@code termStartDay}), rounded half-up to 4 decimals. Month fractions overcount a month that
     * runs from a long month into a short one: a month bought on 1 March and changed that day
     * sums 30/31 + 1/30 = 1.0011, more than the one month paid; the cap makes it 1.0000.
     *
     * @param termStartDay the day the paid term started (a purchase's day; a renewal's old expiry day)
     * @param paidMonths   the months of term paid from {@code termStartDay} to {@code expiryDay}
     */
    public static BigDecimal remainingFactor(LocalDate changeDay, LocalDate expiryDay, LocalDate termStartDay,
                                             int paidMonths) {
        BigDecimal remaining = monthFractions(changeDay, expiryDay);
        BigDecimal whole = monthFractions(termStartDay, expiryDay);
        if (whole.signum() > 0) {
            BigDecimal share = BigDecimal.valueOf(paidMonths).multiply(remaining).divide(whole, 12, RoundingMode.HALF_UP);
            remaining = remaining.min(share);
        }
        return remaining.setScale(4, RoundingMode.HALF_UP);
    }

    /** The unrounded sum of (remaining days in month / days in month), 12 decimals a month. */
    private static BigDecimal monthFractions(LocalDate changeDay, LocalDate expiryDay) {
        if (!expiryDay.isAfter(changeDay)) {
            return BigDecimal.ZERO;
        }
        BigDecimal sum = BigDecimal.ZERO;
        LocalDate from = changeDay.plusDays(1);
        while (!from.isAfter(expiryDay)) {
            YearMonth month = YearMonth.from(from);
            LocalDate monthEnd = month.atEndOfMonth();
            LocalDate to = monthEnd.isBefore(expiryDay) ? monthEnd : expiryDay;
            int days = to.getDayOfMonth() - from.getDayOfMonth() + 1;
            sum = sum.add(BigDecimal.valueOf(days).divide(BigDecimal.valueOf(month.lengthOfMonth()), 12,
                    RoundingMode.HALF_UP));
            from = monthEnd.plusDays(1);
        }
        return sum;
    }

    /** (new monthly price - old monthly price) x factor, truncated to the cent; negative for a downgrade (a refund). */
    public static BigDecimal changeFee(BigDecimal oldMonthlyPrice, BigDecimal newMonthlyPrice, BigDecimal factor) {
        return newMonthlyPrice.subtract(oldMonthlyPrice).multiply(factor).setScale(2, RoundingMode.DOWN);
    }
}
