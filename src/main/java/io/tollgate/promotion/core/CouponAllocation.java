package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How pay-per-use lines draw on cash coupons: line by line in order, each line takes from its
 * eligible coupons in the order given (earliest expiry first) as much as each still holds, until
 * the line is paid. So no coupon gives more than it holds, no line gets more than it was charged,
 * and what coupons do not pay is left to cash, credit and arrears.
 */
public final class CouponAllocation {
    private CouponAllocation() {
    }

    /**
     * Per line, per eligible coupon (same order as {@code eligible}), the amount drawn. Negative or
     * zero lines draw nothing: a usage credit never restores a coupon.
     */
    public static List<List<BigDecimal>> allocate(List<BigDecimal> lineAmounts, List<List<String>> eligible,
                                                  Map<String, BigDecimal> remainders) {
        Map<String, BigDecimal> left = new HashMap<>(remainders);
        List<List<BigDecimal>> draws = new ArrayList<>();
        for (int line = 0; line < lineAmounts.size(); line++) {
            BigDecimal due = lineAmounts.get(line).max(BigDecimal.ZERO);
            List<BigDecimal> fromEach = new ArrayList<>();
            for (String coupon : eligible.get(line)) {
                BigDecimal take = left.getOrDefault(coupon, BigDecimal.ZERO).max(BigDecimal.ZERO).min(due);
                fromEach.add(take);
                left.merge(coupon, take.negate(), BigDecimal::add);
                due = due.subtract(take);
            }
            draws.add(fromEach);
        }
        return draws;
    }
}
