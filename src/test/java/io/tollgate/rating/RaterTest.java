package io.tollgate.rating;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.Unit;
import io.tollgate.resource.Meter;
import io.tollgate.resource.Segment;
import io.tollgate.shared.BillingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RaterTest {
    private static final Instant H8 = Instant.parse("2030-03-08T08:00:00Z");

    private static PriceVersion price(long id, String spec, Unit unit, String unitPrice, Instant from, int version) {
        return new PriceVersion(id, spec, "r1", BillingMode.PAY_PER_USE, unit, new BigDecimal(unitPrice), "CNY", from,
                version, from);
    }

    private static List<FeeLine> rate(Instant hour, List<Segment> segments, PriceVersion... prices) {
        return Rater.rateHour(hour, segments, new PriceBook(List.of(prices)), "r1", BillingMode.PAY_PER_USE, "CNY");
    }

    @Test
    void theWorkedDiskCheck() {
        // 1000 GB at 0.000064 per GB-hour for 25,874 s: 25874/3600 = 7.1872222222 (truncated), x 1000 GB =
        // 7187.2222222 GB-h, x 0.000064 = 0.459982222221 -> 0.45998222 (charged at settlement, with the carry).
        PriceVersion p = price(1, "disk", Unit.GB_HOUR, "0.000064", Instant.EPOCH, 1);
        FeeLine line = Rater.line(new Segment(1, Meter.STORAGE, "disk", 1000, H8, null), H8, H8.plusSeconds(25_874), p);
        assertThat(line.usageQuantity()).isEqualByComparingTo("7187.2222222");
        assertThat(line.amount()).isEqualTo(new BigDecimal("0.45998222"));
    }

    @Test
    void aResourceFrom0845To0855IsOneLineOf600Seconds() {
        PriceVersion p = price(1, "cpu", Unit.HOUR, "0.66", Instant.EPOCH, 1);
        List<FeeLine> lines = rate(H8, List.of(new Segment(1, Meter.COMPUTE, "cpu", 1, H8.plusSeconds(45 * 60 + 30),
                H8.plusSeconds(55 * 60 + 30))), p);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).usageSeconds()).isEqualTo(600);
        // 0.1666666666 h x 0.66 = 0.109999999956 -> 0.11000000
        assertThat(lines.get(0).amount()).isEqualTo(new BigDecimal("0.11000000"));
    }

    @Test
    void aPriceVersionTakingEffectInsideTheHourSplitsTheLine() {
        PriceVersion v1 = price(1, "cpu", Unit.HOUR, "2.00", Instant.EPOCH, 1);
        PriceVersion v2 = price(2, "cpu", Unit.HOUR, "5.00", H8.plusSeconds(1800), 2);
        List<FeeLine> lines = rate(H8, List.of(new Segment(1, Meter.COMPUTE, "cpu", 2, H8.minusSeconds(10), null)), v1, v2);
        assertThat(lines).extracting(FeeLine::priceVersion).containsExactly(1, 2);
        // 0.5 h x 2 nodes x 2.00 = 2.00; 0.5 h x 2 x 5.00 = 5.00
        assertThat(lines).extracting(FeeLine::amount).containsExactly(new BigDecimal("2.00000000"),
                new BigDecimal("5.00000000"));
    }

    @Test
    void segmentsOutsideTheHourAreIgnoredAndAnOpenSegmentFillsTheHour() {
        PriceVersion p = price(1, "cpu", Unit.HOUR, "1.00", Instant.EPOCH, 1);
        List<FeeLine> lines = rate(H8, List.of(
                new Segment(1, Meter.COMPUTE, "cpu", 1, H8.minusSeconds(7200), H8),
                new Segment(2, Meter.COMPUTE, "cpu", 1, H8.plusSeconds(3600), null),
                new Segment(3, Meter.COMPUTE, "cpu", 3, H8.plusSeconds(900), null)), p);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).usageSeconds()).isEqualTo(2700);
        assertThat(lines.get(0).amount()).isEqualByComparingTo("2.25");
    }

    /** More usage never costs less, and splitting an hour never changes the seconds billed (seeded random input). */
    @Test
    void moreUsageNeverCostsLessAndSplitsKeepEverySecond() {
        Random random = new Random(20301126L);
        for (int i = 0; i < 2000; i++) {
            PriceVersion p = price(1, "cpu", Unit.HOUR, BigDecimal.valueOf(random.nextInt(1_000_000), 4).toPlainString(),
                    Instant.EPOCH, 1);
            int a = random.nextInt(3600);
            int b = a + random.nextInt(3600 - a) + 1;
            int nodes = 1 + random.nextInt(64);
            FeeLine shorter = Rater.line(new Segment(1, Meter.COMPUTE, "cpu", nodes, H8, null), H8.plusSeconds(a),
                    H8.plusSeconds(b), p);
            FeeLine longer = Rater.line(new Segment(1, Meter.COMPUTE, "cpu", nodes, H8, null), H8.plusSeconds(a),
                    H8.plusSeconds(Math.min(3600, b + 1 + random.nextInt(60))), p);
            assertThat(longer.amount()).isGreaterThanOrEqualTo(shorter.amount());
            int cut = a + random.nextInt(b - a);
            List<Segment> split = new ArrayList<>();
            split.add(new Segment(1, Meter.COMPUTE, "cpu", nodes, H8.plusSeconds(a), H8.plusSeconds(cut)));
            split.add(new Segment(2, Meter.COMPUTE, "cpu", nodes, H8.plusSeconds(cut), H8.plusSeconds(b)));
            int seconds = rate(H8, split, p).stream().mapToInt(FeeLine::usageSeconds).sum();
            assertThat(seconds).isEqualTo(b - a);
        }
    }
}
