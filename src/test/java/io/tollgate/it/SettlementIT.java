package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.settlement.SettlementService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Pay-per-use billed end to end: events over HTTP, settlement by the clock, bills over HTTP. */
class SettlementIT extends IntegrationTest {
    @Autowired
    SettlementService settlement;

    @Test
    void tenMinutesInsideOneHourIsOneLineOf600Seconds() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:45:30"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:45:30"));
        fx.advanceTo(at(day, "08:55:30"));
        fx.expect(fx.event("DELETED", r, c, at(day, "08:55:30"), Map.of()), 201);
        fx.settleThrough(at(day, "09:00"));

        List<JsonNode> lines = fx.feeRecords(c, day, r);
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.path("usageSeconds").asInt()).isEqualTo(600);
        assertThat(Instant.parse(line.path("periodStart").asString())).isEqualTo(at(day, "08:45:30"));
        assertThat(Instant.parse(line.path("periodEnd").asString())).isEqualTo(at(day, "08:55:30"));
        // 600 / 3600 = 0.1666666666 h (truncated to 10 decimals) x 0.66 = 0.109999999956 -> 0.11000000
        assertThat(line.path("usage").asString()).isEqualTo("0.1666666666");
        assertThat(line.path("amount").asString()).isEqualTo("0.11000000");
        assertThat(line.path("chargedAmount").asString()).isEqualTo("0.11");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.89");
    }

    @Test
    void aResizeInsideAnHourSplitsTheLine() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("1.20");
        String bigger = fx.computeSpec("3.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "10:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "10:00"));
        fx.advanceTo(at(day, "10:20"));
        fx.expect(fx.event("RESIZED", r, c, at(day, "10:20"), Map.of("nodes", 3)), 201);
        fx.advanceTo(at(day, "10:40"));
        fx.expect(fx.event("RESIZED", r, c, at(day, "10:40"), Map.of("specCode", bigger)), 201);
        fx.advanceTo(at(day, "11:30"));
        fx.expect(fx.event("DELETED", r, c, at(day, "11:30"), Map.of()), 201);
        fx.settleThrough(at(day, "12:00"));

        List<JsonNode> lines = fx.feeRecords(c, day, r);
        assertThat(lines).extracting(l -> l.path("usageSeconds").asInt()).containsExactly(1200, 1200, 1200, 1800);
        assertThat(lines).extracting(l -> l.path("quantity").asInt()).containsExactly(1, 3, 3, 3);
        assertThat(lines).extracting(l -> l.path("specCode").asString()).containsExactly(spec, spec, bigger, bigger);
        // 1/3 h x 1 x 1.20 = 0.40; 1/3 h x 3 x 1.20 = 1.20; 1/3 h x 3 x 3.00 = 3.00; 1/2 h x 3 x 3.00 = 4.50
        // (1/3 h is 0.3333333333 truncated: x3 = 0.9999999999 -> amounts round half-up at 8 decimals)
        assertThat(lines).extracting(l -> l.path("chargedAmount").asString())
                .containsExactly("0.40", "1.20", "3.00", "4.50");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("90.90");
    }

    @Test
    void aPriceVersionPublishedMidMonthPricesEachHourByTheVersionInForce() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String spec = fx.computeSpec("2.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "10:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "10:00"));
        fx.settleThrough(at(day, "12:00"));
        // Published at 12:10, in force from 13:30: hour 12 stays at 2.00, hour 13 splits, 14 is at 5.00.
        fx.publish(spec, "HOUR", "5.00", at(day, "13:30"));
        fx.advanceTo(at(day, "15:00"));
        fx.expect(fx.event("DELETED", r, c, at(day, "15:00"), Map.of()), 201);
        fx.settleThrough(at(day, "15:00"));

        List<JsonNode> lines = fx.feeRecords(c, day, r);
        assertThat(lines).extracting(l -> l.path("priceVersion").asInt()).containsExactly(1, 1, 1, 1, 2, 2);
        assertThat(lines).extracting(l -> l.path("chargedAmount").asString())
                .containsExactly("2.00", "2.00", "2.00", "1.00", "2.50", "5.00");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("985.50");
        // A version reaching back into the past is refused.
        Api.Response back = api.post("/api/v1/catalog/prices", OPERATOR_KEY,
                Fixture.price(spec, "HOUR", "9.00", at(day, "11:00")));
        assertThat(back.status()).isEqualTo(422);
        assertThat(back.code()).isEqualTo("price-effective-in-past");
    }

    @Test
    void thirtyDaysOfOneNodeAt066TotalFourHundredSeventyFiveTwenty() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "500.00"), 201);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = fx.create(c, "it.compute", spec, 1, day);
        Instant end = day.plus(Duration.ofDays(30));
        fx.advanceTo(end);
        fx.expect(fx.event("DELETED", r, c, end, Map.of()), 201);
        fx.settleThrough(end);

        BigDecimal total = sumCharged(c, r, day, end);
        // 720 hours x 0.66 = 475.20
        assertThat(total).isEqualByComparingTo("475.20");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("24.80");
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class, r))
                .isEqualTo(720L);
    }

    @Test
    void replayingEveryEventAndRerunningSettlementChangesNothing() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("0.50");
        Instant day = fx.nextDay();
        List<Map<String, Object>> sent = new ArrayList<>();
        fx.advanceTo(at(day, "09:15"));
        String r = "r-replay-" + java.util.UUID.randomUUID();
        sent.add(send(c, "CREATED", r, at(day, "09:15"), Map.of("resourceType", "it.notebook", "specCode", spec,
                "region", Fixture.REGION, "nodes", 2)));
        fx.advanceTo(at(day, "10:05"));
        sent.add(send(c, "STOPPED", r, at(day, "10:05"), Map.of()));
        fx.advanceTo(at(day, "11:45"));
        sent.add(send(c, "STARTED", r, at(day, "11:45"), Map.of()));
        fx.advanceTo(at(day, "12:30"));
        sent.add(send(c, "DELETED", r, at(day, "12:30"), Map.of()));
        fx.settleThrough(at(day, "12:30"));
        String before = fx.feeRecords(c, day, r).toString();
        Map<String, Long> rows = rowCounts();

        for (Map<String, Object> body : sent) {
            Api.Response again = api.post("/api/v1/platform/resource-events", PLATFORM_KEY, body);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("status").asString()).isEqualTo("DUPLICATE");
        }
        assertThat(settlement.settleDue(100).resourceHours()).isZero();
        fx.advanceTo(at(day, "18:00"));
        assertThat(fx.feeRecords(c, day, r).toString()).isEqualTo(before);
        assertThat(rowCounts()).isEqualTo(rows);
        // The disk kept billing while the notebook was stopped: hours 9, 10, 11 and 12 have disk lines.
        List<JsonNode> disk = fx.feeRecords(c, day, r).stream()
                .filter(l -> l.path("meter").asString().equals("DISK")).toList();
        assertThat(disk).extracting(l -> l.path("usageSeconds").asInt()).containsExactly(2700, 3600, 3600, 1800);
    }

    @Test
    void runningOutOfBalanceLeavesArrearsAndATopUpClearsThem() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1.00"), 201);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = fx.create(c, "it.compute", spec, 1, day);
        fx.settleThrough(day.plus(Duration.ofHours(3)));
        // 3 x 0.66 = 1.98 against 1.00 of cash: 0.98 of arrears.
        JsonNode balance = fx.balance(c);
        assertThat(balance.path("cash").asString()).isEqualTo("0.00");
        assertThat(balance.path("arrears").asString()).isEqualTo("-0.98");
        assertThat(balance.path("inArrears").asBoolean()).isTrue();
        List<JsonNode> lines = fx.feeRecords(c, day, r);
        assertThat(lines).extracting(l -> l.path("arrearsAmount").asString()).containsExactly("0.00", "0.32", "0.66");

        Api.Response topUp = fx.topUp(c, "5.00");
        fx.expect(topUp, 201);
        assertThat(topUp.json().path("paidArrears").asString()).isEqualTo("0.98");
        assertThat(topUp.json().path("toCash").asString()).isEqualTo("4.02");
        balance = fx.balance(c);
        assertThat(balance.path("cash").asString()).isEqualTo("4.02");
        assertThat(balance.path("arrears").asString()).isEqualTo("0.00");
        assertThat(balance.path("inArrears").asBoolean()).isFalse();
        fx.expect(fx.event("DELETED", r, c, day.plus(Duration.ofHours(3)).plusSeconds(600), Map.of()), 201);
    }

    @Test
    void payPerUseFeesArePaidFromCashThenCreditThenLeftAsArrears() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1.00"), 201);
        fx.expect(api.send(api.builder("/api/v1/customers/" + c.id() + "/credit-limit", OPERATOR_KEY)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"creditLimit\":\"1.00\"}")).build()), 200);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = fx.create(c, "it.compute", spec, 1, day);
        fx.settleThrough(day.plus(Duration.ofHours(4)));
        // 4 x 0.66 = 2.64 against 1.00 cash and 1.00 credit: hour 0 cash; hour 1 0.34 cash + 0.32 credit;
        // hour 2 0.66 credit; hour 3 0.02 credit + 0.64 arrears.
        List<JsonNode> lines = fx.feeRecords(c, day, r);
        assertThat(lines).extracting(l -> l.path("cashAmount").asString()).containsExactly("0.66", "0.34", "0.00", "0.00");
        assertThat(lines).extracting(l -> l.path("creditAmount").asString())
                .containsExactly("0.00", "0.32", "0.66", "0.02");
        assertThat(lines).extracting(l -> l.path("arrearsAmount").asString())
                .containsExactly("0.00", "0.00", "0.00", "0.64");
        JsonNode balance = fx.balance(c);
        assertThat(balance.path("creditUsed").asString()).isEqualTo("1.00");
        assertThat(balance.path("arrears").asString()).isEqualTo("-0.64");
        // A top-up pays the arrears, then the credit used, then becomes cash: 5.00 -> 0.64, 1.00, 3.36.
        fx.expect(fx.topUp(c, "5.00"), 201);
        balance = fx.balance(c);
        assertThat(balance.path("cash").asString()).isEqualTo("3.36");
        assertThat(balance.path("creditUsed").asString()).isEqualTo("0.00");
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
    }

    @Test
    void settlementCatchesUpAfterDowntimeAndTwoInstancesNeverSettleAnHourTwice() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10000.00"), 201);
        String spec = fx.computeSpec("0.10");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(fx.create(c, "it.compute", spec, 1, day));
        }
        // Downtime: the clock moves ten hours without anyone settling; then two workers race.
        clock.advanceTo(day.plus(Duration.ofHours(10)).plusSeconds(600));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<SettlementService.Run>> workers = List.of(() -> settlement.settleDue(1000),
                    () -> settlement.settleDue(1000));
            long settled = 0;
            for (Future<SettlementService.Run> f : pool.invokeAll(workers)) {
                settled += f.get().resourceHours();
            }
            // Other tests' resources may be billing too: at least this customer's 400 resource-hours were settled.
            assertThat(settled).isGreaterThanOrEqualTo(400);
        } finally {
            pool.shutdown();
        }
        Long duplicates = jdbc.queryForObject("select count(*) from (select resource_id, hour_start from "
                + "settlement_fee_record where customer_id = ? group by resource_id, hour_start having count(*) > 1) d",
                Long.class, c.id());
        assertThat(duplicates).isZero();
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where customer_id = ?", Long.class,
                c.id())).isEqualTo(400L);
        // 400 resource-hours x 0.10 = 40.00
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("9960.00");
        Instant end = day.plus(Duration.ofHours(10)).plusSeconds(600);
        for (String id : ids) {
            fx.expect(fx.event("DELETED", id, c, end, Map.of()), 201);
        }
    }

    @Test
    void theWorkedDiskExampleIsBilledAtFortySixCents() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = "vol-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", r, c, day, Map.of("resourceType", "it.volume", "specCode", "it.disk",
                "region", Fixture.REGION, "sizeGb", 1000)), 201);
        Instant deleted = day.plusSeconds(25_874);
        fx.advanceTo(deleted);
        fx.expect(fx.event("DELETED", r, c, deleted, Map.of()), 201);
        fx.settleThrough(deleted);
        List<JsonNode> lines = fx.feeRecords(c, day, r);
        // Billing-rules worked check: 1000 GB x 0.000064 for 25,874 s is 0.45998222, billed 0.46 (when rated as one
        // stretch). Settled by clock hour it is 7 full hours (0.064 each) and 674 s (0.01198222).
        BigDecimal amount = lines.stream().map(l -> new BigDecimal(l.path("amount").asString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(lines).hasSize(8);
        assertThat(amount).isEqualByComparingTo("0.45998222");
        assertThat(lines.get(7).path("amount").asString()).isEqualTo("0.01198222");
        // The carry: running sums 0.064, 0.128, ... 0.448, 0.45998222 round to 0.06, 0.13, 0.19, 0.26, 0.32, 0.38,
        // 0.45, 0.46, so the lines are charged 0.06 0.07 0.06 0.07 0.06 0.06 0.07 0.01 = 0.46 (per-line rounding
        // charged 7 x 0.06 + 0.01 = 0.43).
        assertThat(lines).extracting(l -> l.path("chargedAmount").asString())
                .containsExactly("0.06", "0.07", "0.06", "0.07", "0.06", "0.06", "0.07", "0.01");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("9.54");
    }

    private Map<String, Object> send(Fixture.CustomerKeys c, String type, String r, Instant at, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("eventId", "ev-" + java.util.UUID.randomUUID());
        body.put("type", type);
        body.put("resourceId", r);
        body.put("customerId", c.id());
        body.put("occurredAt", at.toString());
        body.putAll(extra);
        Api.Response first = api.post("/api/v1/platform/resource-events", PLATFORM_KEY, body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        return body;
    }

    private BigDecimal sumCharged(Fixture.CustomerKeys c, String r, Instant from, Instant to) {
        BigDecimal total = BigDecimal.ZERO;
        for (Instant month = from; month.isBefore(to); month = month.plus(Duration.ofDays(28))) {
            for (JsonNode l : fx.feeRecords(c, month, r)) {
                total = total.add(new BigDecimal(l.path("chargedAmount").asString()));
            }
        }
        return total;
    }
}
