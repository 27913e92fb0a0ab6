package io.tollgate.metering.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.core.UsagePricing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each usage-metered billing item's formula (docs/billing-items.md), with the meter shapes and
 * prices of the demo catalog: a reported quantity becomes price units ({@link Measures}), the
 * month's free quota is used first, the rest is priced by the tiers ({@link UsagePricing}).
 * Price units carry 10 decimals (truncated), amounts 8 (half-up).
 */
class BillingItemFormulasTest {
    private static final Instant H = Instant.parse("2030-03-01T02:00:00Z");
    private static final BigDecimal GB = new BigDecimal("1000000000");
    /** H lies in March 2030: 31 days of 86,400 s. */
    private static final long MARCH_SECONDS = 31L * 86_400L;

    private static Meter count(String priceUnit, String unitSize) {
        return new Meter("m", "t", "m", "q", priceUnit, Meter.Measure.COUNT, null, new BigDecimal(unitSize), false);
    }

    private static Meter overTime(long periodSeconds, BigDecimal unitSize, boolean roundUpHours) {
        return new Meter("m", "t", "m", "q", "p", Meter.Measure.QUANTITY_TIME, periodSeconds, unitSize, roundUpHours);
    }

    private static MeterPrice flat(String unitPrice, String freeQuota) {
        return new MeterPrice(1, "m", "r", "CNY", MeterPrice.Model.FLAT,
                List.of(new MeterPrice.Tier(null, new BigDecimal(unitPrice))), new BigDecimal(freeQuota), H, 1, H,
                MeterPrice.FreeQuotaBasis.PRICE_UNITS);
    }

    /** A flat price whose free quota is a quantity stored all month (log storage's 500 MB). */
    private static MeterPrice flatStored(String unitPrice, String freeStored) {
        return new MeterPrice(1, "m", "r", "CNY", MeterPrice.Model.FLAT,
                List.of(new MeterPrice.Tier(null, new BigDecimal(unitPrice))), new BigDecimal(freeStored), H, 1, H,
                MeterPrice.FreeQuotaBasis.STORED_QUANTITY);
    }

    /** A record rated against the month so far: price units, the free part, and the amount. */
    private record Rated(BigDecimal units, BigDecimal free, BigDecimal amount) {
    }

    private static Rated rate(Meter meter, MeterPrice price, String quantity, long seconds, String usedBefore,
                              String billedBefore) {
        BigDecimal units = Measures.priceUnits(meter, new BigDecimal(quantity), H, H.plusSeconds(seconds));
        BigDecimal quota = UsagePricing.monthlyFreeQuota(price, meter.periodSeconds(), MARCH_SECONDS);
        BigDecimal free = UsagePricing.free(quota, new BigDecimal(usedBefore), units);
        return new Rated(units, free, UsagePricing.amount(price, new BigDecimal(billedBefore), units.subtract(free)));
    }

    @Test
    void objectStorageIsGbMonthsProRatedByTheSecondPerStorageClass() {
        Meter storage = overTime(2_628_000L, BigDecimal.ONE, false);
        // standard, 120 GB for an hour: 120 x 3600 / 2,628,000 = 0.16438356164... -> 0.1643835616 GB-months;
        // x 0.099 = 0.016273972598... -> 0.01627397
        Rated hour = rate(storage, flat("0.099", "0"), "120", 3600, "0", "0");
        assertThat(hour.units()).isEqualTo(new BigDecimal("0.1643835616"));
        assertThat(hour.amount()).isEqualTo(new BigDecimal("0.01627397"));
        // standard, 120 GB for 600 s: 72,000 / 2,628,000 = 0.0273972602; x 0.099 = 0.00271233
        assertThat(rate(storage, flat("0.099", "0"), "120", 600, "0", "0").amount()).isEqualTo(new BigDecimal("0.00271233"));
        // infrequent access, 1000 GB for an hour: 1.3698630136 x 0.08 = 0.10958904
        assertThat(rate(storage, flat("0.08", "0"), "1000", 3600, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.10958904"));
        // archive, 10,000 GB for 30 minutes: 18,000,000 / 2,628,000 = 6.8493150684 x 0.033 = 0.22602740
        assertThat(rate(storage, flat("0.033", "0"), "10000", 1800, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.22602740"));
    }

    @Test
    void objectStorageRequestsArePricedPerThousandByKindAndTrafficPerGbInGraduatedTiers() {
        Meter requests = count("1,000 requests", "1000");
        // read 2,500 x 0.001 / 1,000 = 0.0025; write 1,234 x 0.01 / 1,000 = 0.01234; delete 999 x 0.001 / 1,000
        assertThat(rate(requests, flat("0.001", "0"), "2500", 0, "0", "0").amount()).isEqualTo(new BigDecimal("0.00250000"));
        assertThat(rate(requests, flat("0.01", "0"), "1234", 0, "0", "0").amount()).isEqualTo(new BigDecimal("0.01234000"));
        assertThat(rate(requests, flat("0.001", "0"), "999", 0, "0", "0").amount()).isEqualTo(new BigDecimal("0.00099900"));
        // traffic: 0.50 a GB up to 10,000 GB a month, 0.45 above. With 9,999.5 GB billed before, 1.5 GB
        // (1,500,000,000 bytes) costs 0.5 x 0.50 + 1.0 x 0.45 = 0.70
        MeterPrice traffic = new MeterPrice(1, "m", "r", "CNY", MeterPrice.Model.GRADUATED, List.of(
                new MeterPrice.Tier(new BigDecimal("10000"), new BigDecimal("0.50")),
                new MeterPrice.Tier(null, new BigDecimal("0.45"))), BigDecimal.ZERO, H, 1, H,
                MeterPrice.FreeQuotaBasis.PRICE_UNITS);
        Rated out = rate(count("GB", GB.toPlainString()), traffic, "1500000000", 0, "9999.5", "9999.5");
        assertThat(out.units()).isEqualByComparingTo("1.5");
        assertThat(out.amount()).isEqualTo(new BigDecimal("0.70000000"));
    }

    @Test
    void fileStorageCountsAStartedHourWhole() {
        Meter capacity = overTime(3600L, BigDecimal.ONE, true);
        // 500 GB for 20 minutes counts a whole hour: 500 GB-hours x 0.00048 = 0.24
        Rated started = rate(capacity, flat("0.00048", "0"), "500", 1200, "0", "0");
        assertThat(started.units()).isEqualByComparingTo("500");
        assertThat(started.amount()).isEqualTo(new BigDecimal("0.24000000"));
        // one second of the hour is still the whole hour; the whole hour is the same
        assertThat(rate(capacity, flat("0.00048", "0"), "500", 1, "0", "0").units()).isEqualByComparingTo("500");
        assertThat(rate(capacity, flat("0.00048", "0"), "500", 3600, "0", "0").units()).isEqualByComparingTo("500");
    }

    @Test
    void aStartedHourCountsOncePerResourceAndHourAtItsLargestCapacity() {
        Meter capacity = overTime(3600L, BigDecimal.ONE, true);
        BigDecimal gb100 = new BigDecimal("100");
        // two half-hour records of 100 GB in one hour: 100 GB-hours for the first, nothing for the second
        assertThat(Measures.startedHourUnits(capacity, BigDecimal.ZERO, gb100)).isEqualByComparingTo("100");
        assertThat(Measures.startedHourUnits(capacity, gb100, gb100)).isEqualByComparingTo("0");
        // grown to 150 GB later in the hour: only the 50 GB increase is added (the hour is 150 GB-hours)
        assertThat(Measures.startedHourUnits(capacity, gb100, new BigDecimal("150"))).isEqualByComparingTo("50");
        // shrunk to 80 GB: the hour already bills its peak, nothing is added or given back
        assertThat(Measures.startedHourUnits(capacity, new BigDecimal("150"), new BigDecimal("80")))
                .isEqualByComparingTo("0");
        // a meter per GB-month with started hours: 730 GB for an hour = 730 / 730 = 1 GB-month
        Meter monthly = overTime(2_628_000L, BigDecimal.ONE, true);
        assertThat(Measures.startedHourUnits(monthly, BigDecimal.ZERO, new BigDecimal("730")))
                .isEqualTo(new BigDecimal("1.0000000000"));
    }

    @Test
    void notificationsArePerMessagePerMillionCallsAndTrafficWithTheFirstGbFree() {
        // 3 SMS x 0.045 = 0.135; 1,000 e-mails x 0.00002 = 0.02; 250,000 HTTP calls = 0.25 million x 0.60 = 0.15
        assertThat(rate(count("message", "1"), flat("0.045", "0"), "3", 0, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.13500000"));
        assertThat(rate(count("message", "1"), flat("0.00002", "0"), "1000", 0, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.02000000"));
        assertThat(rate(count("1,000,000 calls", "1000000"), flat("0.60", "0"), "250000", 0, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.15000000"));
        // traffic, 1 GB free a month: 0.8 GB used before, 0.7 GB now: 0.2 GB free, 0.5 GB x 0.50 = 0.25
        Rated traffic = rate(count("GB", GB.toPlainString()), flat("0.50", "1"), "700000000", 0, "0.8", "0");
        assertThat(traffic.free()).isEqualByComparingTo("0.2");
        assertThat(traffic.amount()).isEqualTo(new BigDecimal("0.25000000"));
    }

    @Test
    void logsHave500MbFreeAMonthExactlyAndOneByteMoreIsBilled() {
        Meter volume = count("GB", GB.toPlainString());
        // exactly 500 MB = 500,000,000 bytes = 0.5 GB: all free
        Rated exactly = rate(volume, flat("0.35", "0.5"), "500000000", 0, "0", "0");
        assertThat(exactly.units()).isEqualByComparingTo("0.5");
        assertThat(exactly.free()).isEqualByComparingTo("0.5");
        assertThat(exactly.amount()).isEqualByComparingTo("0");
        // one byte more: 0.500000001 GB, of which 0.000000001 GB is billed (0.35 x 10^-9 rounds to 0.00000000)
        Rated oneMore = rate(volume, flat("0.35", "0.5"), "500000001", 0, "0", "0");
        assertThat(oneMore.units().subtract(oneMore.free())).isEqualTo(new BigDecimal("0.0000000010"));
        // index volume, 2 GB in a fresh month: 0.5 free, 1.5 x 0.35 = 0.525
        assertThat(rate(volume, flat("0.35", "0.5"), "2000000000", 0, "0", "0").amount())
                .isEqualTo(new BigDecimal("0.52500000"));
        // standard storage in GB-days: 3 GB held for an hour = 3 x 3600 / 86,400 = 0.125 GB-days.
        // Its 500 MB free is 500 MB stored all month: in March (31 days) 0.5 x 31 = 15.5 GB-days.
        // (This used to be 0.5 GB-days a month, so that 3 GB for a day billed 2.5 x 0.001128 = 0.00282: a
        // bucket holding 100 MB all month, 3.1 GB-days, would have paid for 2.6 of them.)
        Meter storage = overTime(86_400L, GB, false);
        assertThat(rate(storage, flatStored("0.001128", "0.5"), "3000000000", 3600, "0", "0").units())
                .isEqualTo(new BigDecimal("0.1250000000"));
        // 3 GB for a day = 3 GB-days: all free (3 <= 15.5)
        Rated day = rate(storage, flatStored("0.001128", "0.5"), "3000000000", 86_400, "0", "0");
        assertThat(day.free()).isEqualByComparingTo("3");
        assertThat(day.amount()).isEqualTo(new BigDecimal("0.00000000"));
        // 20 GB for a day = 20 GB-days: 15.5 free, 4.5 x 0.001128 = 0.005076
        Rated big = rate(storage, flatStored("0.001128", "0.5"), "20000000000", 86_400, "0", "0");
        assertThat(big.free()).isEqualByComparingTo("15.5");
        assertThat(big.amount()).isEqualTo(new BigDecimal("0.00507600"));
        // exactly 500 MB held for the last hour of the month after 500 MB for the rest of it:
        // 0.5 x (31 x 24 - 1) / 24 = 15.4791666666 GB-days used before, this hour 0.5 / 24 = 0.0208333333:
        // 15.4999999999 in all, still inside 15.5, so all free.
        Rated lastHour = rate(storage, flatStored("0.001128", "0.5"), "500000000", 3600, "15.4791666666", "0");
        assertThat(lastHour.free()).isEqualTo(lastHour.units());
        assertThat(lastHour.amount()).isEqualByComparingTo("0");
    }

    @Test
    void modelTokensArePricedPerThousandInputAndOutputPerModel() {
        Meter tokens = count("1,000 tokens", "1000");
        // DeepSeek-V3: 1,234 input tokens x 0.002 / 1,000 = 0.002468; 5,678 output x 0.008 / 1,000 = 0.045424
        assertThat(rate(tokens, flat("0.002", "0"), "1234", 0, "0", "0").amount()).isEqualTo(new BigDecimal("0.00246800"));
        assertThat(rate(tokens, flat("0.008", "0"), "5678", 0, "0", "0").amount()).isEqualTo(new BigDecimal("0.04542400"));
        // DeepSeek-R1 costs twice as much: 10,000 input x 0.004 / 1,000 = 0.04; 2,500 output x 0.016 / 1,000 = 0.04
        List<BigDecimal> r1 = Arrays.asList(rate(tokens, flat("0.004", "0"), "10000", 0, "0", "0").amount(),
                rate(tokens, flat("0.016", "0"), "2500", 0, "0", "0").amount());
        assertThat(r1).containsExactly(new BigDecimal("0.04000000"), new BigDecimal("0.04000000"));
    }
}
