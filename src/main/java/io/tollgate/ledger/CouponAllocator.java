package io.tollgate.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How the lines of a charge draw on cash coupons, given their remaining values once locked: per
 * line, per eligible coupon (in the claim's order), the amount drawn. The rule itself belongs to
 * the promotion domain ({@code promotion.core.CouponAllocation}); the ledger only calls it between
 * locking the accounts and posting, so that coupons are locked in the one id-ordered step.
 */
@FunctionalInterface
public interface CouponAllocator {
    List<List<BigDecimal>> allocate(List<BigDecimal> lineAmounts, List<List<String>> eligible,
                                    Map<String, BigDecimal> remainders);
}
