package io.tollgate.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.catalog.MeterPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UsagePricingTest {
    private static MeterPrice price(MeterPrice.Model model, String... tiers) {
        List<MeterPrice.Tier> list = new java.util.ArrayList<>();
        for (int i = 0; i < tiers.length; i += 2) {
            list.add(new MeterPrice.Tier(tiers[i] == null ? null : new BigDecimal(tiers[i]), new BigDecimal(tiers[i + 1])));
        }
        return new MeterPrice(1, "m", "r1", "CNY", model, list, BigDecimal.ZERO, Instant.EPOCH, 1, Instant.EPOCH);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void graduatedTiersPriceEachSliceWhereItFalls() {
        MeterPrice p = price(MeterPrice.Model.GRADUATED, "100", "0.50", "1000", "0.40", null, "0.30");
        // 0..100 at 0.50 = 50; 100..1000 at 0.40 = 360; 1000..1200 at 0.30 = 60: 470 for 1,200 units.
        assertThat(UsagePricing.amount(p, BigDecimal.ZERO, d("1200"))).isEqualByComparingTo("470");
        // Crossing a boundary inside one increment: 90 billed before, 20 more = 10 x 0.50 + 10 x 0.40 = 9.
        assertThat(UsagePricing.amount(p, d("90"), d("20"))).isEqualByComparingTo("9");
    }

    @Test
    void volumeTiersPriceTheWholeMonthAtTheTierItReaches() {
        MeterPrice p = price(MeterPrice.Model.VOLUME, "100", "0.50", null, "0.40");
        // 80 units: 80 x 0.50 = 40. 40 more reach 120: the month is 120 x 0.40 = 48, so the increment costs 8.
        assertThat(UsagePricing.amount(p, BigDecimal.ZERO, d("80"))).isEqualByComparingTo("40");
        assertThat(UsagePricing.amount(p, d("80"), d("40"))).isEqualByComparingTo("8");
    }

    @Test
    void theFreeQuotaIsUsedFirstAndOnlyOnceAMonth() {
        assertThat(UsagePricing.free(d("0.5"), BigDecimal.ZERO, d("0.5"))).isEqualByComparingTo("0.5");
        assertThat(UsagePricing.free(d("0.5"), d("0.5"), d("0.000000001"))).isEqualByComparingTo("0");
        assertThat(UsagePricing.free(d("0.5"), d("0.3"), d("1"))).isEqualByComparingTo("0.2");
    }

    /** Rating a month in random increments adds up to rating it at once (within 8-decimal rounding per increment). */
    @Test
    void incrementsAddUpToTheMonthForBothTierModels() {
        Random random = new Random(7);
        for (MeterPrice.Model model : List.of(MeterPrice.Model.GRADUATED, MeterPrice.Model.VOLUME)) {
            MeterPrice p = price(model, "100", "0.50", "1000", "0.40", null, "0.30");
            for (int run = 0; run < 200; run++) {
                BigDecimal used = BigDecimal.ZERO;
                BigDecimal sum = BigDecimal.ZERO;
                int steps = 1 + random.nextInt(40);
                for (int i = 0; i < steps; i++) {
                    BigDecimal q = BigDecimal.valueOf(random.nextInt(20_000), 2);
                    sum = sum.add(UsagePricing.amount(p, used, q));
                    used = used.add(q);
                }
                BigDecimal whole = UsagePricing.amount(p, BigDecimal.ZERO, used);
                assertThat(sum.subtract(whole).abs()).as(model + " run " + run)
                        .isLessThanOrEqualTo(BigDecimal.valueOf(steps, 8));
            }
        }
    }
}
