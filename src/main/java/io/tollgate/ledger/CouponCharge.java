package io.tollgate.ledger;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a charge was paid when coupons could pay it: per line what coupons paid ({@code lineCoupons},
 * empty when the charge had no claim), and how the rest was paid from cash, credit and arrears.
 */
public record CouponCharge(ChargeResult rest, List<BigDecimal> lineCoupons) {
}
