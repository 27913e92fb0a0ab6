package io.tollgate.catalog.core;

import io.tollgate.catalog.ModeComparison;
import io.tollgate.catalog.ModeComparison.Choice;
import io.tollgate.catalog.ModeComparison.TermOption;
import io.tollgate.catalog.PayPerUseQuote;
import io.tollgate.catalog.PrepaidQuote;
import io.tollgate.catalog.PrepaidTerm;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The price calculator's arithmetic (docs/calculator.md): pay-per-use quotes, prepaid quotes and
 * the comparison of the two for a usage pattern. Pure functions over price versions; the caller
 * has checked the input and found the prices.
 */
public final class Quotes {
    /** A month counts 730 hours when comparing pay-per-use with prepaid (billing-rules.md section 9). */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    public static final int MONTHS_PER_YEAR = 12;
    /** Break-even hours carry 2 decimals, its share of a month 4. */
    public static final int BREAK_EVEN_HOURS_SCALE = 2;
    public static final int BREAK_EVEN_SHARE_SCALE = 4;

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal TWELVE = BigDecimal.valueOf(MONTHS_PER_YEAR);

    private Quotes() {
    }

    /** Hours of a duration as metering counts them: seconds / 3600 truncated to 10 decimals. */
    public static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toSeconds()).divide(SECONDS_PER_HOUR, Amounts.USAGE_SCALE, RoundingMode.DOWN);
    }

    /** Pay-per-use: usage = quantity x hours; amount = unit price x usage (8 decimals); charged at the cent. */
    public static PayPerUseQuote payPerUse(PriceVersion hourly, int quantity, BigDecimal hours) {
        requirePositive(quantity);
        BigDecimal usage = hours.multiply(BigDecimal.valueOf(quantity));
        BigDecimal amount = Amounts.toFeeScale(hourly.unitPrice().multiply(usage), RoundingMode.HALF_UP);
        return new PayPerUseQuote(hourly, quantity, hours, usage, amount, Amounts.toCents(amount, RoundingMode.HALF_UP));
    }

    /**
     * Prepaid: months x the monthly price, or years x the yearly price; a term in years without a
     * yearly price costs 12 monthly prices a year. {@code monthly} may be null for a term in years,
     * {@code yearly} may always be null.
     */
    public static PrepaidQuote prepaid(PrepaidTerm term, int quantity, PriceVersion monthly, PriceVersion yearly) {
        requirePositive(quantity);
        boolean byYear = term.unit() == PrepaidTerm.TermUnit.YEAR && yearly != null;
        PriceVersion price = byYear ? yearly : monthly;
        if (price == null) {
            throw new IllegalArgumentException("a " + term.iso() + " term needs a monthly price");
        }
        int periods = byYear ? term.count() : term.months();
        // Both roundings start from the exact decimal product, so the amount is never rounded twice.
        BigDecimal exact = price.unitPrice().multiply(BigDecimal.valueOf((long) quantity * periods));
        BigDecimal list = Amounts.toFeeScale(exact, RoundingMode.HALF_UP);
        BigDecimal discount = null;
        if (monthly != null) {
            BigDecimal atMonthly = monthly.unitPrice().multiply(BigDecimal.valueOf((long) quantity * term.months()));
            discount = Amounts.toFeeScale(atMonthly.subtract(exact), RoundingMode.HALF_UP);
        }
        return new PrepaidQuote(term, quantity, price, periods, list, Amounts.toCents(exact, RoundingMode.HALF_UP),
                discount);
    }

    /**
     * Pay-per-use against a 1-month term and a 1-year term (per month) for {@code quantity} used
     * {@code hoursPerMonth} a month. The break-even use is the term's monthly price per node over the
     * hourly price: above it the term is cheaper.
     */
    public static ModeComparison compare(int quantity, BigDecimal hoursPerMonth, PriceVersion hourly,
                                         PriceVersion monthly, PriceVersion yearly) {
        requirePositive(quantity);
        if (hoursPerMonth.signum() < 0 || hoursPerMonth.compareTo(HOURS_PER_MONTH) > 0) {
            throw new IllegalArgumentException("hours per month are 0 to 730, not " + hoursPerMonth);
        }
        BigDecimal nodes = BigDecimal.valueOf(quantity);
        BigDecimal payPerUse = Amounts.toFeeScale(hourly.unitPrice().multiply(nodes).multiply(hoursPerMonth),
                RoundingMode.HALF_UP);
        TermOption month = monthly == null ? null : option(monthly, BigDecimal.ONE, false, nodes, hourly, payPerUse);
        TermOption year = yearly != null ? option(yearly, TWELVE, false, nodes, hourly, payPerUse)
                : monthly == null ? null : option(monthly, BigDecimal.ONE, true, nodes, hourly, payPerUse);
        return new ModeComparison(quantity, hoursPerMonth, hourly, payPerUse, month, year,
                cheapest(payPerUse, month, year));
    }

    /** A term's price spread over {@code monthsPerPeriod} months (1 for a monthly price, 12 for a yearly one). */
    private static TermOption option(PriceVersion price, BigDecimal monthsPerPeriod, boolean derived, BigDecimal nodes,
                                     PriceVersion hourly, BigDecimal payPerUse) {
        BigDecimal cost = price.unitPrice().multiply(nodes).divide(monthsPerPeriod, Amounts.FEE_SCALE, RoundingMode.HALF_UP);
        BigDecimal hoursBase = hourly.unitPrice().multiply(monthsPerPeriod);
        BigDecimal breakEven = null;
        BigDecimal share = null;
        if (hoursBase.signum() > 0) {
            breakEven = price.unitPrice().divide(hoursBase, BREAK_EVEN_HOURS_SCALE, RoundingMode.HALF_UP);
            share = price.unitPrice().divide(hoursBase.multiply(HOURS_PER_MONTH), BREAK_EVEN_SHARE_SCALE,
                    RoundingMode.HALF_UP);
        }
        return new TermOption(price, derived, cost, payPerUse.subtract(cost), breakEven, share);
    }

    /** The lowest monthly cost; on a tie the option with less commitment wins. */
    private static Choice cheapest(BigDecimal payPerUse, TermOption month, TermOption year) {
        Choice best = Choice.PAY_PER_USE;
        BigDecimal bestCost = payPerUse;
        if (month != null && month.monthlyCost().compareTo(bestCost) < 0) {
            best = Choice.MONTHLY_TERM;
            bestCost = month.monthlyCost();
        }
        if (year != null && year.monthlyCost().compareTo(bestCost) < 0) {
            best = Choice.YEARLY_TERM;
        }
        return best;
    }

    private static void requirePositive(int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("a quote is for at least one node or GB, not " + quantity);
        }
    }
}
