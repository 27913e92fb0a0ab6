package io.tollgate.subscription.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Pro-rating of a spec change over the remaining term (billing-rules.md section 4): the sum over
 * calendar months of (remaining days in that month / days in that month), the change day not
 * counted, the expiry day counted, the factor rounded half-up to 4 decimals. The fee is the
 * monthly price difference times the factor, truncated to the cent.
 */
public final class ProRating {
    private ProRating() {
    }

    public static BigDecimal remainingFactor(LocalDate changeDay, LocalDate expiryDay) {
        if (!expiryDay.isAfter(changeDay)) {
            return BigDecimal.ZERO.setScale(4);
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
        return sum.setScale(4, RoundingMode.HALF_UP);
    }

    /** (new monthly price - old monthly price) x factor, truncated to the cent; negative for a downgrade (a refund). */
    public static BigDecimal changeFee(BigDecimal oldMonthlyPrice, BigDecimal newMonthlyPrice, BigDecimal factor) {
        return newMonthlyPrice.subtract(oldMonthlyPrice).multiply(factor).setScale(2, RoundingMode.DOWN);
    }
}
