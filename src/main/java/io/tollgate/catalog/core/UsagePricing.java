package io.tollgate.catalog.core;

import io.tollgate.catalog.MeterPrice;
import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices one usage increment against the month's usage so far (billing-rules.md sections 2-3):
 * the free quota is used first, then prepaid packages (outside this function), then the tiers.
 * Rating increments in order gives the same month total as rating the month at once: graduated
 * tiers price each slice of usage where it falls; volume tiers charge the difference between the
 * month's total after and before the increment, each at the price of the tier it reaches.
 */
public final class UsagePricing {
    private UsagePricing() {
    }

    /** {@code free} and {@code billable} are in price units; {@code amount} has 8 decimals. */
    public record Priced(BigDecimal free, BigDecimal billable, BigDecimal amount) {
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
        BigDecimal raw = switch (price.model()) {
            case FLAT -> price.tiers().get(0).unitPrice().multiply(billable);
            case GRADUATED -> graduated(price, billedBefore.add(billable)).subtract(graduated(price, billedBefore));
            case VOLUME -> volume(price, billedBefore.add(billable)).subtract(volume(price, billedBefore));
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
