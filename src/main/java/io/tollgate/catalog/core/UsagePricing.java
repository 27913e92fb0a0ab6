package io.tollgate.catalog.core;

import io.tollgate.catalog.MeterPrice;
import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices one usage increment against the month's usage so far (billing-rules.md sections 2-3):
 * the free quota is used first, then prepaid packages (outside this function), then the tiers.
 *
 * <p>Tiered prices (GRADUATED, VOLUME) rate an increment as the difference of the month's price
 * after and before it, <em>each rounded half-up to 8 decimals first</em>. The increments of a
 * month therefore add up exactly (not within a rounding per increment) to the month's tiered price
 * of its total at 8 decimals. Graduated tiers never give a negative increment; volume tiers do when
 * the month crosses into a cheaper tier (100 units at 0.50 = 50.00, then one more at 0.40:
 * 101 x 0.40 - 50.00 = -9.60). Such an increment is the credit of the tier change (a positive
 * billable quantity with a negative amount; metering marks its line {@code VOLUME_TIER_CREDIT}),
 * never an error. FLAT prices rate each increment on its own (unit price x quantity, half-up to 8
 * decimals).
 */
public final class UsagePricing {
    private UsagePricing() {
    }

    /**
     * The free quota of a month of {@code monthSeconds}, in price units: the price's quota as it
     * stands ({@code PRICE_UNITS}), or the quota stored all month ({@code STORED_QUANTITY}):
     * quota x monthSeconds / the meter's period, truncated to 10 decimals like every price unit.
     */
    public static BigDecimal monthlyFreeQuota(MeterPrice price, Long meterPeriodSeconds, long monthSeconds) {
        if (price.freeQuotaBasis() == MeterPrice.FreeQuotaBasis.PRICE_UNITS) {
            return price.freeQuota();
        }
        if (meterPeriodSeconds == null) {
            throw new IllegalArgumentException("a STORED_QUANTITY free quota needs a time-based meter: " + price);
        }
        return price.freeQuota().multiply(BigDecimal.valueOf(monthSeconds))
                .divide(BigDecimal.valueOf(meterPeriodSeconds), Amounts.USAGE_SCALE, RoundingMode.DOWN);
    }

    /** The part of {@code quantity} the free quota still covers, given {@code usedBefore} this month. */
    public static BigDecimal free(BigDecimal freeQuota, BigDecimal usedBefore, BigDecimal quantity) {
        BigDecimal left = freeQuota.subtract(usedBefore).max(BigDecimal.ZERO);
        return left.min(quantity);
    }

    /**
     * @param billedBefore the month's usage already billed (beyond free quota and packages), in price units
     * @param billable     this increment's usage to bill, in price units
     */
    public static BigDecimal amount(MeterPrice price, BigDecimal billedBefore, BigDecimal billable) {
        return switch (price.model()) {
            case FLAT -> Amounts.toFeeScale(price.tiers().get(0).unitPrice().multiply(billable), RoundingMode.HALF_UP);
            case GRADUATED, VOLUME ->
                    monthAmount(price, billedBefore.add(billable)).subtract(monthAmount(price, billedBefore));
        };
    }

    /**
     * The tiered price of a month's first {@code total} billed units, half-up to 8 decimals: the
     * figure the month's increments add up to.
     */
    public static BigDecimal monthAmount(MeterPrice price, BigDecimal total) {
        BigDecimal raw = switch (price.model()) {
            case FLAT -> price.tiers().get(0).unitPrice().multiply(total);
            case GRADUATED -> graduated(price, total);
            case VOLUME -> volume(price, total);
        };
        return Amounts.toFeeScale(raw, RoundingMode.HALF_UP);
    }

    /** The graduated price of a month's first {@code total} units. */
    static BigDecimal graduated(MeterPrice price, BigDecimal total) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal lower = BigDecimal.ZERO;
        for (MeterPrice.Tier t : price.tiers()) {
            if (total.compareTo(lower) <= 0) {
                break;
            }
            BigDecimal upper = t.upTo() == null ? total : t.upTo().min(total);
            sum = sum.add(upper.subtract(lower).multiply(t.unitPrice()));
            if (t.upTo() == null) {
                break;
            }
            lower = t.upTo();
        }
        return sum;
    }

    /** The volume price of {@code total} units: all of them at the price of the tier {@code total} falls in. */
    static BigDecimal volume(MeterPrice price, BigDecimal total) {
        if (total.signum() == 0) {
            return BigDecimal.ZERO;
        }
        for (MeterPrice.Tier t : price.tiers()) {
            if (t.upTo() == null || total.compareTo(t.upTo()) <= 0) {
                return total.multiply(t.unitPrice());
            }
        }
        throw new IllegalStateException("the last tier of a price has no upper bound: " + price);
    }
}
