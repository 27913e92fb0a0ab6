package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * billing-rules.md 9, optimization: a pay-per-use resource is cheaper on a monthly term when the
 * hours it runs in a month (a month counted as 730 hours) cost more than the term. The advice
 * gives the monthly saving (pay-per-use cost of the hours used minus the term's price) and the
 * break-even time: the hours of use a month from which the term is cheaper (term price divided
 * by the hourly price), also as days of running around the clock.
 */
public final class PrepaidAdvice {
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    /** Advice to move to a monthly term. */
    public record Advice(BigDecimal payPerUseMonthly, BigDecimal termMonthly, BigDecimal monthlySaving,
                         BigDecimal breakEvenHours, BigDecimal breakEvenDays) {
    }

    private PrepaidAdvice() {
    }

    /**
     * {@code hourlyPrice} per node-hour, {@code monthlyPrice} per node-month, {@code hoursPerMonth}
     * the hours the resource ran in a month (at most 730); empty when the term would not be cheaper.
     */
    public static Optional<Advice> monthly(BigDecimal hourlyPrice, BigDecimal monthlyPrice, int nodes,
                                           BigDecimal hoursPerMonth) {
        if (hourlyPrice.signum() <= 0 || nodes <= 0) {
            return Optional.empty();
        }
        BigDecimal hours = hoursPerMonth.min(HOURS_PER_MONTH);
        BigDecimal n = BigDecimal.valueOf(nodes);
        BigDecimal ppu = hourlyPrice.multiply(hours).multiply(n).setScale(2, RoundingMode.HALF_UP);
        BigDecimal term = monthlyPrice.multiply(n).setScale(2, RoundingMode.HALF_UP);
        BigDecimal saving = ppu.subtract(term);
        if (saving.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal breakEvenHours = monthlyPrice.divide(hourlyPrice, 1, RoundingMode.UP);
        BigDecimal breakEvenDays = breakEvenHours.divide(BigDecimal.valueOf(24), 1, RoundingMode.UP);
        return Optional.of(new Advice(ppu, term, saving, breakEvenHours, breakEvenDays));
    }
}
