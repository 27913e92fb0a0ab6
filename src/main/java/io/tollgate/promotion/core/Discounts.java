package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The discount rules (billing-rules.md 7, issue 9): of the discounts that apply to a line or an
 * order, the best one for the customer is used, never two; a prepaid order takes one discount, the
 * commercial one or a discount coupon, whichever takes more off.
 */
public final class Discounts {
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private Discounts() {
    }

    /** The largest percentage in force for this service and billing mode at {@code at}; ties by the lowest id. */
    public static Optional<Discount> best(List<Discount> discounts, String serviceType, String billingMode, Instant at) {
        return discounts.stream().filter(d -> d.appliesTo(serviceType, billingMode, at))
                .max(Comparator.comparing(Discount::percent).thenComparing(Discount::id, Comparator.reverseOrder()));
    }

    /** {@code percent} of {@code list}, half-up at {@code scale} (8 for fee lines, 2 for orders). */
    public static BigDecimal amountOff(BigDecimal list, BigDecimal percent, int scale) {
        return list.multiply(percent).divide(HUNDRED, scale, RoundingMode.HALF_UP);
    }

    /** What a discount coupon takes off an order: list x (1 - rate), half-up to the cent, at most the cap. */
    public static BigDecimal couponAmountOff(BigDecimal list, BigDecimal rate, BigDecimal cap) {
        BigDecimal off = list.multiply(BigDecimal.ONE.subtract(rate)).setScale(2, RoundingMode.HALF_UP);
        return cap == null ? off : off.min(cap);
    }
}
