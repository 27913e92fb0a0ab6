package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A prepaid order to pay: its list amount, a discount (already chosen: the commercial discount or a
 * discount coupon, the better one), at most one cash coupon ({@code couponId}, the id of its COUPON
 * account; its eligibility is the promotion domain's to check), then cash, then credit.
 */
public record OrderPayment(String customerId, String currency, BigDecimal listAmount, BigDecimal discount,
                           String couponId, Instant businessTime, String reference) {
}
