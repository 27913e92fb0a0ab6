package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static io.tollgate.it.Fixture.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sub-cent carry over real settlement (billing-rules.md section 3): after every settlement a
 * customer's charges for a month equal that month's fee amounts so far rounded to the cent.
 */
class MonthCarryIT extends IntegrationTest {

    @Test
    void aResourceOfATenthOfACentAnHourIsChargedAndOneOfSevenTenthsIsNotOverCharged() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        String bucket = fx.computeSpec("0.0013");
        String disk = fx.computeSpec("0.007");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String b = fx.create(c, "it.compute", bucket, 1, day);
        String d = fx.create(c, "it.compute", disk, 1, day);
        Instant end = day.plus(Duration.ofHours(24));
        fx.advanceTo(end);
        fx.expect(fx.event("DELETED", b, c, end, Map.of()), 201);
        fx.expect(fx.event("DELETED", d, c, end, Map.of()), 201);
        fx.settleThrough(end);
        List<JsonNode> bucketLines = fx.feeRecords(c, day, b);
        List<JsonNode> diskLines = fx.feeRecords(c, day, d);
        assertThat(bucketLines).hasSize(24);
        assertThat(diskLines).hasSize(24);
        // One customer month holds both: per hour 0.0013 + 0.007 = 0.0083; 24 h = 0.1992 -> 0.20 charged.
        // Per-line rounding charged 24 x (0.00 + 0.01) = 0.24.
        assertThat(sum(bucketLines, "amount")).isEqualByComparingTo("0.0312");
        assertThat(sum(diskLines, "amount")).isEqualByComparingTo("0.168");
        assertThat(sum(bucketLines, "chargedAmount").add(sum(diskLines, "chargedAmount"))).isEqualByComparingTo("0.20");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("9.80");
        // Each line's truncated amount is its amount minus what it was charged.
        for (JsonNode l : bucketLines) {
            assertThat(new BigDecimal(l.path("amount").asString())
                    .subtract(new BigDecimal(l.path("chargedAmount").asString())))
                    .isEqualByComparingTo(l.path("truncatedAmount").asString());
        }
    }

    @Test
    void theCarryStartsAgainEachBillingMonth() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        String spec = fx.computeSpec("0.0013");
        // From 20:00 on the last day of a month to 04:00 on the 1st (billing zone): 4 hours in each month.
        LocalDate next = fx.nextDay().atZone(Fixture.ZONE).toLocalDate();
        LocalDate lastDay = YearMonth.from(next).plusMonths(1).atDay(1).minusDays(1);
        Instant from = lastDay.atTime(20, 0).atZone(Fixture.ZONE).toInstant();
        Instant to = from.plus(Duration.ofHours(8));
        fx.advanceTo(from);
        String r = fx.create(c, "it.compute", spec, 1, from);
        fx.advanceTo(to);
        fx.expect(fx.event("DELETED", r, c, to, Map.of()), 201);
        fx.settleThrough(to);
        List<JsonNode> old = fx.feeRecords(c, from, r);
        List<JsonNode> fresh = fx.feeRecords(c, to, r);
        assertThat(old).hasSize(4);
        assertThat(fresh).hasSize(4);
        // Each month: 4 x 0.0013 = 0.0052 -> 0.01. The month's bill is its own fee sum rounded; the old month's
        // remainder does not move into the new one.
        assertThat(sum(old, "chargedAmount")).isEqualByComparingTo("0.01");
        assertThat(sum(fresh, "chargedAmount")).isEqualByComparingTo("0.01");
        // 10.00 - 0.01 - 0.01 = 9.98 (rounding the 8 hours as one month's 0.0104 would have charged 0.01)
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("9.98");
    }

    @Test
    void inArrearsTheCarryIsTheSameAndArrearsHoldTheRoundedSum() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.007");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = fx.create(c, "it.compute", spec, 1, day);
        Instant end = day.plus(Duration.ofHours(10));
        fx.advanceTo(end);
        fx.expect(fx.event("DELETED", r, c, end, Map.of()), 201);
        fx.settleThrough(end);
        // No cash: 10 x 0.007 = 0.07 owed (per-line rounding owed 0.10)
        JsonNode balance = fx.balance(c);
        assertThat(balance.path("arrears").asString()).isEqualTo("-0.07");
        assertThat(sum(fx.feeRecords(c, day, r), "arrearsAmount")).isEqualByComparingTo("0.07");
    }

    @Test
    void aMonthSettledInManySmallBatchesIsChargedItsRoundedSum() {
        // Many resources of one customer in one hour: whatever batches the settlement used, the customer's
        // month is charged round(sum of amounts). 37 resources x 0.0049 = 0.1813 -> 0.18 (per-line: 0.00).
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1.00"), 201);
        String spec = fx.computeSpec("0.0049");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "10:00"));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 37; i++) {
            ids.add(fx.create(c, "it.compute", spec, 1, at(day, "10:00")));
        }
        fx.advanceTo(at(day, "11:00"));
        for (String r : ids) {
            fx.expect(fx.event("DELETED", r, c, at(day, "11:00"), Map.of()), 201);
        }
        fx.settleThrough(at(day, "11:00"));
        List<JsonNode> lines = fx.feeRecords(c, day, null);
        assertThat(lines).hasSize(37);
        BigDecimal amounts = sum(lines, "amount");
        assertThat(amounts).isEqualByComparingTo("0.1813");
        assertThat(sum(lines, "chargedAmount")).isEqualByComparingTo(amounts.setScale(2, RoundingMode.HALF_UP));
        // 1.00 - 0.18 = 0.82
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("0.82");
    }
}
