package io.tollgate.ledger;

import java.math.BigDecimal;
import java.util.List;

/**
 * The fee lines of one {@link Charge} that cash coupons may pay before cash: per line its charged
 * cents (in the charge's order, adding up to the charge) and the ids of the cash coupons that may
 * pay it, in the order to use them (earliest expiry first).
 */
public record CouponClaim(List<BigDecimal> lineAmounts, List<List<String>> eligible) {
    public CouponClaim {
        if (lineAmounts.size() != eligible.size()) {
            throw new IllegalArgumentException("one list of eligible coupons per line");
        }
        lineAmounts = List.copyOf(lineAmounts);
        eligible = eligible.stream().map(List::copyOf).toList();
    }

    /** A charge no coupon pays. */
    public static CouponClaim none() {
        return new CouponClaim(List.of(), List.of());
    }
}
