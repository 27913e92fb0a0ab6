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
        return new MeterPrice(1, "m", "r1", "CNY", model, list, BigDecimal.ZERO, Instant.EPOCH, 1, Instant.EPOCH,
                MeterPrice.FreeQuotaBasis.PRICE_UNITS);
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
    void aStoredQuantityFreeQuotaScalesWithTheMonth() {
        MeterPrice p = new MeterPrice(1, "m", "r1", "CNY", MeterPrice.Model.FLAT,
                List.of(new MeterPrice.Tier(null, d("0.001128"))), d("0.5"), Instant.EPOCH, 1, Instant.EPOCH,
                MeterPrice.FreeQuotaBasis.STORED_QUANTITY);
        long day = 86_400L;
        // GB-days: 0.5 GB stored all month = 0.5 x 31 = 15.5 in January, 0.5 x 28 = 14 in a 28-day February,
        // 0.5 x 30 = 15 in April.
        assertThat(UsagePricing.monthlyFreeQuota(p, day, 31 * day)).isEqualByComparingTo("15.5");
        assertThat(UsagePricing.monthlyFreeQuota(p, day, 28 * day)).isEqualByComparingTo("14");
        assertThat(UsagePricing.monthlyFreeQuota(p, day, 30 * day)).isEqualByComparingTo("15");
        // GB-months of 730 hours: a 30-day month is 720 h, so 0.5 x 720 / 730 = 0.49315068493... -> 0.4931506849
        assertThat(UsagePricing.monthlyFreeQuota(p, 2_628_000L, 30 * day)).isEqualTo(d("0.4931506849"));
        // A PRICE_UNITS quota is the same whatever the month.
        MeterPrice units = price(MeterPrice.Model.FLAT, null, "0.35");
        assertThat(UsagePricing.monthlyFreeQuota(units, null, 28 * day)).isEqualByComparingTo("0");
    }

    @Test
    void theFreeQuotaIsUsedFirstAndOnlyOnceAMonth() {
        assertThat(UsagePricing.free(d("0.5"), BigDecimal.ZERO, d("0.5"))).isEqualByComparingTo("0.5");
        assertThat(UsagePricing.free(d("0.5"), d("0.5"), d("0.000000001"))).isEqualByComparingTo("0");
        assertThat(UsagePricing.free(d("0.5"), d("0.3"), d("1"))).isEqualByComparingTo("0.2");
    }

    @Test
    void crossingIntoACheaperVolumeTierIsACreditNotAnError() {
        MeterPrice p = price(MeterPrice.Model.VOLUME, "100", "0.50", null, "0.40");
        // 100 units: 100 x 0.50 = 50.00. One more reaches the 0.40 tier: the month is 101 x 0.40 = 40.40,
        // so the increment is 40.40 - 50.00 = -9.60, a credit of the tier change.
        assertThat(UsagePricing.amount(p, BigDecimal.ZERO, d("100"))).isEqualTo(d("50.00000000"));
        assertThat(UsagePricing.amount(p, d("100"), d("1"))).isEqualTo(d("-9.60000000"));
        // 50.00 - 9.60 = 40.40 = 101 x 0.40
        assertThat(UsagePricing.monthAmount(p, d("101"))).isEqualTo(d("40.40000000"));
    }

    /** Tiered price of {@code total} computed unit interval by unit interval, independent of UsagePricing. */
    private static BigDecimal modelPrice(MeterPrice.Model model, BigDecimal[] bounds, BigDecimal[] prices,
                                         BigDecimal total) {
        if (model == MeterPrice.Model.VOLUME) {
            int tier = 0;
            while (tier < bounds.length && total.compareTo(bounds[tier]) > 0) {
                tier++;
            }
            return total.multiply(prices[tier]).setScale(8, java.math.RoundingMode.HALF_UP);
        }
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal lower = BigDecimal.ZERO;
        for (int tier = 0; tier <= bounds.length; tier++) {
            BigDecimal upper = tier < bounds.length ? bounds[tier] : null;
            BigDecimal inTier = (upper == null ? total : total.min(upper)).subtract(lower).max(BigDecimal.ZERO);
            sum = sum.add(inTier.multiply(prices[tier]));
            if (upper == null || total.compareTo(upper) <= 0) {
                break;
            }
            lower = upper;
        }
        return sum.setScale(8, java.math.RoundingMode.HALF_UP);
    }

    /**
     * Rating a month in random increments (10-decimal quantities, 10-decimal prices, falling and rising
     * tier prices) adds up exactly, to the last of 8 decimals, to the month's price of its total:
     * volume(total) for VOLUME and graduated(total) for GRADUATED, computed by an independent model.
     */
    @Test
    void incrementsAddUpExactlyToTheTieredPriceOfTheMonthsTotal() {
        Random random = new Random(20_260_517L);
        for (MeterPrice.Model model : List.of(MeterPrice.Model.GRADUATED, MeterPrice.Model.VOLUME)) {
            for (int run = 0; run < 500; run++) {
                int tierCount = 1 + random.nextInt(4);
                BigDecimal[] bounds = new BigDecimal[tierCount - 1];
                BigDecimal[] prices = new BigDecimal[tierCount];
                BigDecimal bound = BigDecimal.ZERO;
                String[] tiers = new String[tierCount * 2];
                for (int t = 0; t < tierCount; t++) {
                    prices[t] = BigDecimal.valueOf(random.nextInt(1_000_000_000), 10 - random.nextInt(3));
                    if (t < tierCount - 1) {
                        bound = bound.add(BigDecimal.valueOf(1 + random.nextInt(500_000), 3));
                        bounds[t] = bound;
                    }
                    tiers[2 * t] = t < tierCount - 1 ? bounds[t].toPlainString() : null;
                    tiers[2 * t + 1] = prices[t].toPlainString();
                }
                MeterPrice p = price(model, tiers);
                BigDecimal used = BigDecimal.ZERO;
                BigDecimal sum = BigDecimal.ZERO;
                int steps = 1 + random.nextInt(40);
                for (int i = 0; i < steps; i++) {
                    BigDecimal q = BigDecimal.valueOf(random.nextLong(0, 100_000_000_000_000L), 10);
                    BigDecimal amount = UsagePricing.amount(p, used, q);
                    assertThat(amount.scale()).isEqualTo(8);
                    if (model == MeterPrice.Model.GRADUATED) {
                        assertThat(amount.signum()).as("graduated increments are never negative").isNotNegative();
                    }
                    sum = sum.add(amount);
                    used = used.add(q);
                }
                assertThat(sum).as(model + " run " + run + " total " + used)
                        .isEqualByComparingTo(modelPrice(model, bounds, prices, used));
            }
        }
    }

    /** The old rounding, each difference rounded on its own, drifted: the new one does not. */
    @Test
    void aMonthOfThirdsOfACentAddsUpToTheMonthNotToItsRoundedPieces() {
        MeterPrice p = price(MeterPrice.Model.GRADUATED, "1000", "0.0000000030", null, "0.0000000010");
        // Three increments of 1 unit at 0.000000003: the month of 3 units is 3 x 0.000000003 = 0.000000009,
        // 0.00000001 at 8 decimals. Rated one by one: 0.00000000 (0.000000003), 0.00000001 (0.000000006 ->
        // 0.00000001, minus 0.00000000), 0.00000000 (0.000000009 -> 0.00000001, minus 0.00000001); sum 0.00000001.
        BigDecimal sum = UsagePricing.amount(p, d("0"), d("1")).add(UsagePricing.amount(p, d("1"), d("1")))
                .add(UsagePricing.amount(p, d("2"), d("1")));
        assertThat(sum).isEqualTo(d("0.00000001"));
    }
}
