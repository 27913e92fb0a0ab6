package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A prepaid order to pay: its list amount, a discount, at most one cash coupon (coupons arrive in
 * a later issue: {@code couponId} must be null until then), then cash, then credit.
 */
public record OrderPayment(String customerId, String currency, BigDecimal listAmount, BigDecimal discount,
                           String couponId, Instant businessTime, String reference) {
}
