package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which coupons pay: a prepaid order's one cash coupon when the customer names none (the one that
 * pays most of the amount due, ties by earliest expiry, then by id), and the order in which
 * pay-per-use lines use every eligible cash coupon (earliest expiry first, then by id).
 */
public final class CouponChoice {
    /** Earliest expiry first, then by id: the order coupons are used in. */
    public static final Comparator<Coupon> EARLIEST_EXPIRY = Comparator.comparing(Coupon::validUntil)
            .thenComparing(Coupon::id);

    private CouponChoice() {
    }

    /** Of eligible cash coupons with their remainders, the one paying most of {@code due}. */
    public static Optional<Coupon> bestCash(List<Coupon> eligible, Map<String, BigDecimal> remainders, BigDecimal due) {
        Comparator<Coupon> paysMore = Comparator.comparing((Coupon c) -> remainders.get(c.id()).min(due)).reversed();
        return eligible.stream().filter(c -> remainders.get(c.id()).signum() > 0)
                .min(paysMore.thenComparing(EARLIEST_EXPIRY));
    }
}
