package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Usage records over HTTP: fates per record, deduplication, rating on arrival, settlement, late data. */
class UsageIT extends IntegrationTest {
    private static final String PATH = "/api/v1/platform/usage-records";

    private record Setup(Fixture.CustomerKeys customer, String bucket, String storage, String requests, String logs) {
    }

    private String code(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    private Setup setup(Instant createdAt) {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String type = code("it.bucket");
        fx.expect(api.post("/api/v1/catalog/resource-types", OPERATOR_KEY, Map.of("code", type, "serviceType", "it-evs",
                "name", "test bucket", "metering", "USAGE", "specKind", "STORAGE")), 201);
        String storage = meter(type, "GB", "GB-month", "QUANTITY_TIME", 2_628_000L, "1", "FLAT",
                List.of(tier(null, "0.099")), null);
        String requests = meter(type, "request", "1,000 requests", "COUNT", null, "1000", "GRADUATED",
                List.of(tier("10", "0.01"), tier(null, "0.008")), "5");
        String logs = meter(type, "byte", "GB", "COUNT", null, "1000000000", "FLAT", List.of(tier(null, "0.35")), "0.5");
        String bucket = "b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", bucket, c, createdAt, Map.of("resourceType", type, "region", Fixture.REGION,
                "enterpriseProject", "vision", "tags", Map.of("team", "cv"))), 201);
        return new Setup(c, bucket, storage, requests, logs);
    }

    private static Map<String, Object> tier(String upTo, String price) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("upTo", upTo);
        t.put("unitPrice", price);
        return t;
    }

    private String meter(String type, String quantityUnit, String priceUnit, String measure, Long period, String size,
                         String model, List<Map<String, Object>> tiers, String free) {
        String code = code("it.m");
        Map<String, Object> m = new LinkedHashMap<>(Map.of("code", code, "resourceType", type, "name", code,
                "quantityUnit", quantityUnit, "priceUnit", priceUnit, "measure", measure, "unitSize", size));
        if (period != null) {
            m.put("periodSeconds", period);
        }
        fx.expect(api.post("/api/v1/catalog/meters", OPERATOR_KEY, m), 201);
        Map<String, Object> p = new LinkedHashMap<>(Map.of("meterCode", code, "region", Fixture.REGION,
                "currency", "CNY", "model", model, "tiers", tiers, "effectiveFrom", "2029-01-01T00:00:00Z"));
        if (free != null) {
            p.put("freeQuota", free);
        }
        fx.expect(api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, p), 201);
        return code;
    }

    private static Map<String, Object> record(String id, Setup s, String meter, String quantity, Instant from, Instant to) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordId", id);
        r.put("customerId", s.customer().id());
        r.put("resourceId", s.bucket());
        r.put("meter", meter);
        r.put("quantity", quantity);
        r.put("windowStart", from.toString());
        r.put("windowEnd", to.toString());
        return r;
    }

    private JsonNode send(List<Map<String, Object>> records) {
        Api.Response r = api.post(PATH, PLATFORM_KEY, Map.of("records", records));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private List<String> fates(JsonNode result) {
        List<String> fates = new ArrayList<>();
        result.path("results").forEach(n -> fates.add(n.path("status").asString()
                + (n.path("code").isNull() || n.path("code").isMissingNode() ? "" : ":" + n.path("code").asString())));
        return fates;
    }

    @Test
    void eachRecordHasItsFateAndItsCostShowsAtOnce() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "09:30"));
        Instant h8 = at(day, "08:00");
        Instant h9 = at(day, "09:00");
        String id = "u-" + UUID.randomUUID();
        Map<String, Object> storage = record(id, s, s.storage(), "100", h8, h9);
        Map<String, Object> negative = record("n-" + UUID.randomUUID(), s, s.storage(), "-1", h8, h9);
        Map<String, Object> backwards = record("w-" + UUID.randomUUID(), s, s.storage(), "1", h9, h8);
        Map<String, Object> future = record("f-" + UUID.randomUUID(), s, s.requests(), "1", at(day, "09:50"),
                at(day, "09:55"));
        Map<String, Object> unknownMeter = record("m-" + UUID.randomUUID(), s, "it.disk", "1", h8, h9);
        Map<String, Object> crossing = record("x-" + UUID.randomUUID(), s, s.requests(), "1", at(day, "08:30"),
                at(day, "09:10"));
        JsonNode first = send(List.of(negative, storage, backwards, future, unknownMeter, crossing));
        assertThat(fates(first)).containsExactly("REFUSED:negative-quantity", "ACCEPTED",
                "REFUSED:window-end-before-start", "REFUSED:window-in-future", "REFUSED:unknown-meter",
                "REFUSED:window-crosses-hour");
        assertThat(first.path("accepted").asInt()).isEqualTo(1);

        // The cost shows in the detailed bill at once, not settled yet:
        // 100 GB x 3600 s / 2,628,000 s = 0.1369863013 GB-month (truncated) x 0.099 = 0.01356164 (8 decimals).
        JsonNode line = fx.feeRecords(s.customer(), day, s.bucket()).get(0);
        assertThat(line.path("status").asString()).isEqualTo("UNSETTLED");
        assertThat(line.path("usage").asString()).isEqualTo("0.1369863013");
        assertThat(line.path("amount").asString()).isEqualTo("0.01356164");
        assertThat(line.path("enterpriseProject").asString()).isEqualTo("vision");

        Map<String, Long> before = rowCounts();
        JsonNode again = send(List.of(storage));
        assertThat(fates(again)).containsExactly("DUPLICATE");
        Map<String, Object> changed = new LinkedHashMap<>(storage);
        changed.put("quantity", "101");
        assertThat(fates(send(List.of(changed)))).containsExactly("REFUSED:record-id-reused");
        assertThat(rowCounts()).isEqualTo(before);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(Map.of("recordId", "r" + i));
        }
        Api.Response big = api.post(PATH, PLATFORM_KEY, Map.of("records", tooMany));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.code()).isEqualTo("batch-size");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void theFreeQuotaCoversExactly500MbAndOneByteMoreIsBilled() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "08:30"));
        Instant t = at(day, "08:00");
        JsonNode result = send(List.of(record("l1-" + UUID.randomUUID(), s, s.logs(), "500000000", t, t.plusSeconds(60)),
                record("l2-" + UUID.randomUUID(), s, s.logs(), "1", t.plusSeconds(60), t.plusSeconds(120)),
                record("l3-" + UUID.randomUUID(), s, s.logs(), "2000000000", t.plusSeconds(120), t.plusSeconds(180))));
        assertThat(result.path("accepted").asInt()).isEqualTo(3);
        List<Map<String, Object>> lines = jdbc.queryForList("select free_quantity, billable_quantity, amount from "
                + "metering_usage_line where resource_id = ? and meter = ? order by id", s.bucket(), s.logs());
        // 500,000,000 bytes = 0.5 GB, all free; the next byte is 0.000000001 GB billed (0.35 x 1e-9 rounds to 0);
        // then 2 GB billed at 0.35 = 0.70.
        assertThat((BigDecimal) lines.get(0).get("free_quantity")).isEqualByComparingTo("0.5");
        assertThat((BigDecimal) lines.get(0).get("billable_quantity")).isEqualByComparingTo("0");
        assertThat((BigDecimal) lines.get(1).get("free_quantity")).isEqualByComparingTo("0");
        assertThat((BigDecimal) lines.get(1).get("billable_quantity")).isEqualByComparingTo("0.000000001");
        assertThat((BigDecimal) lines.get(2).get("amount")).isEqualByComparingTo("0.70");
    }

    @Test
    void graduatedTiersAndTheFreeQuotaAreAppliedAcrossRecordsAndSettledHourly() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "08:40"));
        Instant t = at(day, "08:00");
        send(List.of(record("q1-" + UUID.randomUUID(), s, s.requests(), "12000", t, t.plusSeconds(600)),
                record("q2-" + UUID.randomUUID(), s, s.requests(), "8000", t.plusSeconds(600), t.plusSeconds(1200))));
        // 12 thousand: 5 free, 7 at 0.01 = 0.07. Then 8 thousand: 3 more to reach tier 1's 10 at 0.01 = 0.03 and
        // 5 at 0.008 = 0.04, 0.07 in all. The hour's line: 0.14.
        fx.settleThrough(at(day, "08:40"));
        List<JsonNode> lines = fx.feeRecords(s.customer(), day, s.bucket());
        assertThat(lines).hasSize(1);
        JsonNode settled = lines.get(0);
        assertThat(settled.path("status").asString()).isEqualTo("SETTLED");
        assertThat(settled.path("kind").asString()).isEqualTo("USAGE");
        assertThat(settled.path("usage").asString()).isEqualTo("20.0000000000");
        assertThat(settled.path("freeUsage").asString()).isEqualTo("5.0000000000");
        assertThat(settled.path("chargedAmount").asString()).isEqualTo("0.14");
        assertThat(settled.path("tags").path("team").asString()).isEqualTo("cv");
        assertThat(fx.balance(s.customer()).path("cash").asString()).isEqualTo("99.86");

        // In FOCUS the free 5 are a row of their own at price 0 (SkuPriceId ...:FREE); the billed row holds
        // the other 15 and the 0.14; together they consumed the 20.
        String month = day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7);
        List<Map<String, String>> rows = fx.focus(s.customer(), month).stream()
                .filter(r -> s.bucket().equals(r.get("ResourceId"))).toList();
        assertThat(rows).hasSize(2);
        Map<String, String> free = rows.stream().filter(r -> r.get("SkuPriceId").endsWith(":FREE")).findFirst()
                .orElseThrow();
        assertThat(free).containsEntry("PricingQuantity", "5").containsEntry("ConsumedQuantity", "5")
                .containsEntry("BilledCost", "0").containsEntry("ListUnitPrice", "0").containsEntry("ListCost", "0");
        Map<String, String> billed = rows.stream().filter(r -> !r.get("SkuPriceId").endsWith(":FREE")).findFirst()
                .orElseThrow();
        assertThat(billed).containsEntry("PricingQuantity", "15").containsEntry("ConsumedQuantity", "15")
                .containsEntry("BilledCost", "0.14");
    }

    @Test
    void lateUsageBecomesAnAdjustmentAndTheSettledLineIsNeverRewritten() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "08:30"));
        Instant t = at(day, "08:00");
        send(List.of(record("a-" + UUID.randomUUID(), s, s.logs(), "1000000000", t, t.plusSeconds(60))));
        fx.settleThrough(at(day, "08:30"));
        String settledBefore = fx.feeRecords(s.customer(), day, s.bucket()).toString();
        fx.advanceTo(at(day, "10:20"));
        // 1 GB for hour 08 arrives at 10:20: hour 08 was settled, so it is billed in hour 10 as an adjustment.
        send(List.of(record("late-" + UUID.randomUUID(), s, s.logs(), "2000000000", t.plusSeconds(60),
                t.plusSeconds(120))));
        fx.settleThrough(at(day, "10:20"));
        List<JsonNode> lines = fx.feeRecords(s.customer(), day, s.bucket());
        assertThat(lines).hasSize(2);
        assertThat(lines.subList(0, 1).toString()).isEqualTo(settledBefore);
        JsonNode adjustment = lines.get(1);
        assertThat(adjustment.path("kind").asString()).isEqualTo("ADJUSTMENT");
        assertThat(Instant.parse(adjustment.path("adjustsHour").asString())).isEqualTo(t);
        // 1 GB of the first record was beyond the 0.5 free (0.175); these 2 GB are all billed: 0.70.
        assertThat(adjustment.path("chargedAmount").asString()).isEqualTo("0.70");
        assertThat(jdbc.queryForObject("select hour_start from settlement_fee_record where id = ?",
                java.sql.Timestamp.class, adjustment.path("id").asLong()).toInstant()).isEqualTo(at(day, "10:00"));
    }

    @Test
    void concurrentDuplicateSubmissionsAreCountedOnce() throws Exception {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "08:30"));
        Instant t = at(day, "08:00");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(record("c" + i + "-" + s.bucket(), s, s.requests(), "1000", t.plusSeconds(i), t.plusSeconds(i + 1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> send(batch));
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<JsonNode> f : pool.invokeAll(calls)) {
                accepted += f.get().path("accepted").asInt();
                duplicates += f.get().path("duplicates").asInt();
            }
            assertThat(accepted).isEqualTo(200);
            assertThat(duplicates).isEqualTo(1000);
        } finally {
            pool.shutdown();
        }
        // 200 thousand requests once: 5 free; the next 10 billed at 0.01 = 0.10; 185 at 0.008 = 1.48; 1.58.
        assertThat(jdbc.queryForObject("select used from metering_month_usage where customer_id = ? and meter = ?",
                BigDecimal.class, s.customer().id(), s.requests())).isEqualByComparingTo("200");
        assertThat(jdbc.queryForObject("select sum(amount) from metering_usage_line where resource_id = ?",
                BigDecimal.class, s.bucket())).isEqualByComparingTo("1.58");
    }

    @Test
    void aBusyHourIsOneFeeRecordPerResourceAndMeterWhateverTheBatchSize() {
        // The test profile settles usage 3 (resource, meter, hour) groups per batch; 4 buckets x 2 meters with
        // 30 records each in one hour are 240 lines over several batches, and still 8 fee records.
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        List<Setup> setups = new java.util.ArrayList<>();
        for (int b = 0; b < 4; b++) {
            setups.add(setup(at(day, "08:00")));
        }
        fx.advanceTo(at(day, "09:00"));
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (Setup s : setups) {
            for (int i = 0; i < 30; i++) {
                records.add(record("u-" + UUID.randomUUID(), s, s.storage(), "1000", at(day, "08:00"), at(day, "09:00")));
                records.add(record("u-" + UUID.randomUUID(), s, s.logs(), "100000000", at(day, "08:00"), at(day, "09:00")));
            }
        }
        Api.Response r = api.post(PATH, PLATFORM_KEY, Map.of("records", records));
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(240);
        fx.settleThrough(at(day, "09:00"));
        for (Setup s : setups) {
            List<JsonNode> lines = fx.feeRecords(s.customer(), day, s.bucket());
            assertThat(lines).hasSize(2);
            assertThat(lines).extracting(l -> l.path("status").asString()).containsOnly("SETTLED");
            // storage: 1000 GB x 3600 / 2,628,000 = 1.3698630136 GB-months x 0.099 = 0.13561644 a record, x 30
            // = 4.06849320; logs: 30 x 0.1 GB, the first 0.5 GB free, 2.5 GB x 0.35 = 0.875
            assertThat(lines.stream().filter(l -> l.path("meter").asString().equals(s.storage()))
                    .map(l -> l.path("amount").asString()).toList()).containsExactly("4.06849320");
            assertThat(lines.stream().filter(l -> l.path("meter").asString().equals(s.logs()))
                    .map(l -> l.path("amount").asString()).toList()).containsExactly("0.87500000");
            // the month: round(4.9434932) = 4.94; 100.00 - 4.94 = 95.06
            assertThat(fx.balance(s.customer()).path("cash").asString()).isEqualTo("95.06");
        }
    }

    /** A volume-priced meter of the setup's resource type: 0.50 a unit up to 100 units a month, 0.40 for all above. */
    private String volumeMeter(Setup s) {
        String type = jdbc.queryForObject("select resource_type from resource_resource where id = ?", String.class,
                s.bucket());
        return meter(type, "request", "request", "COUNT", null, "1", "VOLUME",
                List.of(tier("100", "0.50"), tier(null, "0.40")), null);
    }

    @Test
    void crossingIntoACheaperVolumeTierIsAcceptedAsACreditLine() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        String volume = volumeMeter(s);
        fx.advanceTo(at(day, "08:30"));
        Instant t = at(day, "08:00");
        String first = "v1-" + UUID.randomUUID();
        String second = "v2-" + UUID.randomUUID();
        JsonNode result = send(List.of(record(first, s, volume, "100", t, t.plusSeconds(60)),
                record(second, s, volume, "1", t.plusSeconds(60), t.plusSeconds(120))));
        assertThat(fates(result)).containsExactly("ACCEPTED", "ACCEPTED");
        List<Map<String, Object>> lines = jdbc.queryForList("select record_id, billable_quantity, amount, kind from "
                + "metering_usage_line where resource_id = ? and meter = ? order by id", s.bucket(), volume);
        // 100 units at 0.50 = +50.00; the 101st moves the month to 0.40: 101 x 0.40 - 50.00 = 40.40 - 50.00 = -9.60,
        // a credit with a positive billable quantity of 1. The month: 50.00 - 9.60 = 40.40 = volume price of 101.
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("record_id")).isEqualTo(first);
        assertThat(lines.get(0).get("amount").toString()).isEqualTo("50.00000000");
        assertThat(lines.get(0).get("kind")).isEqualTo("CHARGE");
        assertThat(lines.get(1).get("record_id")).isEqualTo(second);
        assertThat((BigDecimal) lines.get(1).get("billable_quantity")).isEqualByComparingTo("1");
        assertThat(lines.get(1).get("amount").toString()).isEqualTo("-9.60000000");
        assertThat(lines.get(1).get("kind")).isEqualTo("VOLUME_TIER_CREDIT");
        // The detailed bill shows both at once, the second as the credit of the tier change.
        List<JsonNode> bill = fx.feeRecords(s.customer(), day, s.bucket()).stream()
                .filter(l -> l.path("meter").asString().equals(volume)).toList();
        assertThat(bill).extracting(l -> l.path("amount").asString()).containsExactly("50.00000000", "-9.60000000");
        assertThat(bill).extracting(l -> l.path("amountKind").asString()).containsExactly("CHARGE", "VOLUME_TIER_CREDIT");
        assertThat(bill).extracting(l -> l.path("usage").asString()).containsExactly("100.0000000000", "1.0000000000");
    }

    @Test
    void aStoredQuantityFreeQuotaIsTheQuantityStoredAllMonthAndOnlyForTimeBasedMeters() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        String type = jdbc.queryForObject("select resource_type from resource_resource where id = ?", String.class,
                s.bucket());
        String gbDays = meter(type, "GB", "GB-day", "QUANTITY_TIME", 86_400L, "1", "FLAT",
                List.of(tier(null, "0.01")), null);
        Map<String, Object> price = new LinkedHashMap<>(Map.of("meterCode", gbDays, "region", Fixture.REGION,
                "currency", "CNY", "model", "FLAT", "tiers", List.of(tier(null, "0.01")), "freeQuota", "0.5",
                "freeQuotaBasis", "STORED_QUANTITY", "effectiveFrom", at(day, "08:00").toString()));
        Api.Response published = api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, price);
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        Map<String, Object> onCount = new LinkedHashMap<>(price);
        onCount.put("meterCode", s.requests());
        onCount.put("effectiveFrom", at(day, "09:00").toString());
        Map<String, Long> before = rowCounts();
        Api.Response refused = api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, onCount);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid-free-quota-basis");
        assertThat(rowCounts()).isEqualTo(before);

        fx.advanceTo(at(day, "09:00"));
        // 0.5 GB stored all month is free: the month (28 to 31 days, in the billing zone) has 0.5 x days GB-days
        // free. 24 GB for one hour is 24 x 3600 / 86,400 = 1 GB-day: free in any month (the old fixed reading
        // of 0.5 GB-days would have billed 0.5 x 0.01 = 0.005).
        send(List.of(record("sq-" + UUID.randomUUID(), s, gbDays, "24", at(day, "08:00"), at(day, "09:00"))));
        java.time.LocalDate first = at(day, "08:00").atZone(Fixture.ZONE).toLocalDate().withDayOfMonth(1);
        int days = first.lengthOfMonth();
        Map<String, Object> line = jdbc.queryForMap("select quantity, free_quantity, amount from metering_usage_line "
                + "where resource_id = ? and meter = ?", s.bucket(), gbDays);
        assertThat((BigDecimal) line.get("quantity")).isEqualByComparingTo("1");
        assertThat((BigDecimal) line.get("free_quantity")).isEqualByComparingTo("1");
        assertThat((BigDecimal) line.get("amount")).isEqualByComparingTo("0");
        // The rest of the month's quota, 0.5 x days - 1 GB-days, is free too; one GB-day more is billed 0.01.
        BigDecimal rest = new BigDecimal("0.5").multiply(BigDecimal.valueOf(days)).subtract(BigDecimal.ONE);
        // rest GB-days in one hour: rest x 24 GB for 3600 s
        send(List.of(record("sq2-" + UUID.randomUUID(), s, gbDays, rest.multiply(BigDecimal.valueOf(24)).toPlainString(),
                        at(day, "08:00"), at(day, "09:00")),
                record("sq3-" + UUID.randomUUID(), s, gbDays, "24", at(day, "08:00"), at(day, "09:00"))));
        List<Map<String, Object>> lines = jdbc.queryForList("select free_quantity, amount from metering_usage_line "
                + "where resource_id = ? and meter = ? order by id", s.bucket(), gbDays);
        assertThat((BigDecimal) lines.get(1).get("free_quantity")).isEqualByComparingTo(rest);
        assertThat((BigDecimal) lines.get(1).get("amount")).isEqualByComparingTo("0");
        assertThat((BigDecimal) lines.get(2).get("free_quantity")).isEqualByComparingTo("0");
        assertThat(lines.get(2).get("amount").toString()).isEqualTo("0.01000000");
    }

    @Test
    void aVolumeCreditInAnHourOfItsOwnIsSettledAsACreditInReversePaymentOrder() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        String volume = volumeMeter(s);
        fx.advanceTo(at(day, "09:00"));
        send(List.of(record("vh8-" + UUID.randomUUID(), s, volume, "100", at(day, "08:00"), at(day, "08:10"))));
        fx.settleThrough(at(day, "09:00"));
        // hour 08: 100 x 0.50 = 50.00 charged; 100.00 - 50.00 = 50.00
        assertThat(fx.balance(s.customer()).path("cash").asString()).isEqualTo("50.00");
        fx.advanceTo(at(day, "10:00"));
        send(List.of(record("vh9-" + UUID.randomUUID(), s, volume, "1", at(day, "09:00"), at(day, "09:10"))));
        fx.settleThrough(at(day, "10:00"));
        // hour 09: 101 x 0.40 - 50.00 = -9.60, a credit: the month is 40.40 = the volume price of 101 units
        List<JsonNode> bill = fx.feeRecords(s.customer(), day, s.bucket()).stream()
                .filter(l -> l.path("meter").asString().equals(volume)).toList();
        assertThat(bill).extracting(l -> l.path("chargedAmount").asString()).containsExactly("50.00", "-9.60");
        assertThat(bill).extracting(l -> l.path("cashAmount").asString()).containsExactly("50.00", "-9.60");
        assertThat(bill).extracting(l -> l.path("amountKind").asString()).containsExactly("CHARGE", "VOLUME_TIER_CREDIT");
        assertThat(fx.balance(s.customer()).path("cash").asString()).isEqualTo("59.60");
    }

    @Autowired
    io.tollgate.resource.ResourceService resources;

    @Test
    void aRetryOfAnAcceptedRecordIsADuplicateEvenAfterItsResourceWasFrozen() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Setup s = setup(at(day, "08:00"));
        fx.advanceTo(at(day, "08:30"));
        Map<String, Object> first = record("rf-" + UUID.randomUUID(), s, s.requests(), "100", at(day, "08:00"),
                at(day, "08:10"));
        assertThat(fates(send(List.of(first)))).containsExactly("ACCEPTED");
        // the lifecycle freezes the resource (arrears); the platform retries the same delivery
        resources.freeze(s.bucket(), at(day, "08:20"));
        Map<String, Long> before = rowCounts();
        Map<String, Object> fresh = record("rf2-" + UUID.randomUUID(), s, s.requests(), "100", at(day, "08:10"),
                at(day, "08:15"));
        assertThat(fates(send(List.of(first, fresh)))).containsExactly("DUPLICATE", "REFUSED:resource-frozen");
        assertThat(rowCounts()).isEqualTo(before);
    }
}
