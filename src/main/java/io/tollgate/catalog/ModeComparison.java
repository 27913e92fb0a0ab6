package io.tollgate.catalog;

import java.math.BigDecimal;

/**
 * Pay-per-use against prepaid for a usage pattern of {@code quantity} nodes (or GB) used
 * {@code hoursPerMonth} hours a month, a month counting 730 hours. Costs are per month at 8
 * decimals; a saving is pay-per-use cost minus the term's monthly cost (positive: prepaid is
 * cheaper). An option is null when its price is missing.
 */
public record ModeComparison(int quantity, BigDecimal hoursPerMonth, PriceVersion hourlyPrice,
                             BigDecimal payPerUseMonthlyCost, TermOption monthlyTerm, TermOption yearlyTerm,
                             Choice cheapest) {

    public enum Choice { PAY_PER_USE, MONTHLY_TERM, YEARLY_TERM }

    /**
     * One prepaid option. {@code breakEvenHoursPerMonth} is the use a month above which the term is
     * cheaper than pay-per-use (2 decimals), {@code breakEvenShareOfMonth} the same as a share of
     * 730 hours (4 decimals); both are null when the hourly price is zero.
     */
    public record TermOption(PriceVersion price, boolean derivedFromMonthly, BigDecimal monthlyCost,
                             BigDecimal monthlySaving, BigDecimal breakEvenHoursPerMonth,
                             BigDecimal breakEvenShareOfMonth) {
    }
}
