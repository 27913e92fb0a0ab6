package io.tollgate.promotion.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How pay-per-use lines draw on coupons: earliest expiry first, never beyond a remainder, adding up. */
class CouponAllocationTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void linesUseTheirCouponsInOrderAndLeaveTheRestToCash() {
        // coupons: e (earliest, 1.00), l (later, 5.00); lines 0.66, 0.66, 0.66 may use both, in that order
        List<List<BigDecimal>> draws = CouponAllocation.allocate(List.of(d("0.66"), d("0.66"), d("0.66")),
                List.of(List.of("e", "l"), List.of("e", "l"), List.of("e", "l")), Map.of("e", d("1.00"), "l", d("5.00")));
        // line 1: 0.66 from e (0.34 left); line 2: 0.34 from e, 0.32 from l; line 3: 0.66 from l
        assertThat(draws.get(0)).containsExactly(d("0.66"), d("0.00"));
        assertThat(draws.get(1)).containsExactly(d("0.34"), d("0.32"));
        assertThat(draws.get(2)).containsExactly(d("0.00"), d("0.66"));
    }

    @Test
    void negativeLinesDrawNothingAndIneligibleCouponsAreUntouched() {
        List<List<BigDecimal>> draws = CouponAllocation.allocate(List.of(d("-0.50"), d("2.00")),
                List.of(List.of("a"), List.of()), Map.of("a", d("9.00")));
        assertThat(draws.get(0)).hasSize(1);
        assertThat(draws.get(0).get(0)).isEqualByComparingTo("0");
        assertThat(draws.get(1)).isEmpty();
    }

    /**
     * Seeded random batches: per coupon the draws never exceed its remainder, per line they never
     * exceed its amount, and a line is paid in full by coupons whenever its eligible coupons still
     * held enough (checked against a running model of what each coupon has left).
     */
    @Test
    void allocationsNeverExceedRemaindersAndAddUp() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            int coupons = 1 + random.nextInt(5);
            Map<String, BigDecimal> remainders = new HashMap<>();
            for (int c = 0; c < coupons; c++) {
                remainders.put("c" + c, BigDecimal.valueOf(random.nextInt(500), 2));
            }
            int n = 1 + random.nextInt(12);
            List<BigDecimal> lines = new ArrayList<>();
            List<List<String>> eligible = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(BigDecimal.valueOf(random.nextInt(300) - 30, 2));
                List<String> e = new ArrayList<>();
                for (int c = 0; c < coupons; c++) {
                    if (random.nextBoolean()) {
                        e.add("c" + c);
                    }
                }
                eligible.add(e);
            }
            List<List<BigDecimal>> draws = CouponAllocation.allocate(lines, eligible, remainders);
            Map<String, BigDecimal> left = new HashMap<>(remainders);
            for (int i = 0; i < n; i++) {
                BigDecimal lineTotal = BigDecimal.ZERO;
                BigDecimal eligibleBefore = BigDecimal.ZERO;
                for (String c : eligible.get(i)) {
                    eligibleBefore = eligibleBefore.add(left.get(c));
                }
                for (int k = 0; k < eligible.get(i).size(); k++) {
                    BigDecimal draw = draws.get(i).get(k);
                    assertThat(draw.signum()).as("seed " + seed).isGreaterThanOrEqualTo(0);
                    left.merge(eligible.get(i).get(k), draw.negate(), BigDecimal::add);
                    lineTotal = lineTotal.add(draw);
                }
                BigDecimal due = lines.get(i).max(BigDecimal.ZERO);
                assertThat(lineTotal).as("seed " + seed + " line " + i).isLessThanOrEqualTo(due);
                // paid by coupons: all of the line, or all its eligible coupons still held
                assertThat(lineTotal).as("seed " + seed + " line " + i).isEqualByComparingTo(due.min(eligibleBefore));
            }
            long s = seed;
            left.forEach((c, v) -> assertThat(v.signum()).as("seed " + s + " coupon " + c)
                    .isGreaterThanOrEqualTo(0));
        }
    }
}
