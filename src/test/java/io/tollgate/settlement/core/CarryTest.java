package io.tollgate.settlement.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CarryTest {

    private static List<BigDecimal> repeat(String amount, int times) {
        return new ArrayList<>(Collections.nCopies(times, new BigDecimal(amount)));
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void theWorkedDiskCheckIsBilledFortySixCents() {
        // 1000 GB at 0.000064 per GB-hour for 25,874 s from 08:00: 7 full hours of 0.06400000 and 674 s of
        // 674/3600 = 0.1872222222 h x 1000 x 0.000064 = 0.01198222; total 0.45998222, billed 0.46.
        // Running sums 0.064 0.128 0.192 0.256 0.320 0.384 0.448 0.45998222 round to
        // 0.06 0.13 0.19 0.26 0.32 0.38 0.45 0.46, so the lines are charged their differences.
        List<BigDecimal> amounts = repeat("0.06400000", 7);
        amounts.add(new BigDecimal("0.01198222"));
        Carry.Allocation a = Carry.allocate(BigDecimal.ZERO, amounts);
        assertThat(a.charged()).extracting(BigDecimal::toPlainString)
                .containsExactly("0.06", "0.07", "0.06", "0.07", "0.06", "0.06", "0.07", "0.01");
        assertThat(a.total()).isEqualTo(new BigDecimal("0.46"));
        assertThat(a.feeAfter()).isEqualByComparingTo("0.45998222");
    }

    @Test
    void aBucketOfATenthOfACentAnHourIsNotFreeAndADiskOfSevenTenthsIsNotBilledACentAnHour() {
        // 720 hours of 0.0013 = 0.936 -> 0.94 (per-line rounding charged 0.00)
        assertThat(Carry.allocate(BigDecimal.ZERO, repeat("0.00130000", 720)).total()).isEqualTo(new BigDecimal("0.94"));
        // 720 hours of 0.007 = 5.04 (per-line rounding charged 720 x 0.01 = 7.20, 43% too much)
        assertThat(Carry.allocate(BigDecimal.ZERO, repeat("0.00700000", 720)).total()).isEqualTo(new BigDecimal("5.04"));
    }

    @Test
    void settlingInManyRunsChargesWhatOneRunWould() {
        // After each run the month's charges equal the rounded sum of its fee amounts so far, so
        // splitting the same lines over runs changes no total: 0.004 + 0.004 = 0.008 -> 0.01.
        Carry.Allocation first = Carry.allocate(BigDecimal.ZERO, List.of(new BigDecimal("0.00400000")));
        Carry.Allocation second = Carry.allocate(first.feeAfter(), List.of(new BigDecimal("0.00400000")));
        assertThat(first.total()).isEqualTo(new BigDecimal("0.00"));
        assertThat(second.total()).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void aDecreaseIsACreditOfWhatTheRoundedSumLost() {
        // 50.00 then a tier change of -9.60 then 0.004: 50.00 -> 40.40 -> 40.404 (charged 50.00, -9.60, 0.00)
        Carry.Allocation a = Carry.allocate(BigDecimal.ZERO, List.of(new BigDecimal("50.00000000"),
                new BigDecimal("-9.60000000"), new BigDecimal("0.00400000")));
        assertThat(a.charged()).extracting(BigDecimal::toPlainString).containsExactly("50.00", "-9.60", "0.00");
    }

    /**
     * Seeded random months against an independent model: the model keeps the exact sum of all
     * amounts so far and says the month's charges must be that sum rounded half-up to the cent,
     * with each line charged no more than a cent away from its own amount and of the same sign.
     */
    @Test
    void randomMonthsChargeTheRoundedSumSoFarAfterEverySettlement() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            BigDecimal exactSum = BigDecimal.ZERO;
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal fee = BigDecimal.ZERO;
            int runs = 1 + random.nextInt(40);
            for (int run = 0; run < runs; run++) {
                List<BigDecimal> amounts = new ArrayList<>();
                int lines = random.nextInt(30);
                for (int i = 0; i < lines; i++) {
                    long units = random.nextInt(10) == 0 ? -random.nextInt(2_000_000) : random.nextInt(3_000_000);
                    amounts.add(BigDecimal.valueOf(units, 8));
                }
                Carry.Allocation a = Carry.allocate(fee, amounts);
                for (int i = 0; i < amounts.size(); i++) {
                    BigDecimal c = a.charged().get(i);
                    assertThat(c.scale()).isEqualTo(2);
                    assertThat(c.signum() * amounts.get(i).signum()).as("seed %d", seed).isGreaterThanOrEqualTo(0);
                    assertThat(c.subtract(amounts.get(i)).abs()).as("seed %d", seed).isLessThan(new BigDecimal("0.01"));
                }
                exactSum = exactSum.add(sum(amounts));
                charged = charged.add(a.total());
                fee = a.feeAfter();
                assertThat(charged).as("seed %d run %d", seed, run)
                        .isEqualTo(exactSum.setScale(2, RoundingMode.HALF_UP));
            }
        }
    }
}
