package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a coupon or a discount would pay for: a prepaid order (its type and list amount) or a
 * pay-per-use fee line ({@code orderType} and {@code listAmount} null), at the order's time or the
 * line's usage hour.
 */
public record Purchase(String serviceType, String resourceType, String billingMode, String orderType, String region,
                       BigDecimal listAmount, Instant at) {
    public static final String PAY_PER_USE = "PAY_PER_USE";
    public static final String PREPAID = "PREPAID";
}
