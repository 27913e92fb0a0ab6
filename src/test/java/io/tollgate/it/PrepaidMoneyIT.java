package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import tools.jackson.databind.JsonNode;

/**
 * The money of prepaid orders over HTTP ("Money exact to the cent"): refunds that consume what
 * they give back, the remaining factor capped by the term, prepaid storage by size, the yearly
 * change basis, the deduction day, a mode change out of arrears, and the five-day limit under
 * concurrent unsubscriptions. Expected amounts come from the rules (comments) or PrepaidModel.
 */
class PrepaidMoneyIT extends IntegrationTest {

    private PrepaidFixture prepaid() {
        return new PrepaidFixture(api, fx);
    }

    private String poolType() {
        String code = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid().resourceType(code, true), 201);
        return code;
    }

    private String type(String metering, String specKind, String diskSpec, Integer diskGb) {
        String code = "it.ym." + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("code", code, "serviceType",
                specKind.equals("STORAGE") ? "it-evs" : "it", "name", "prepaid test type", "metering", metering,
                "specKind", specKind, "prepaidAllowed", true));
        if (diskSpec != null) {
            body.put("diskSpecCode", diskSpec);
            body.put("diskGb", diskGb);
        }
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, body), 201);
        return code;
    }

    static Map<String, Object> purchase(String type, String spec, Integer nodes, Integer sizeGb, String unit,
                                        int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", type);
        body.put("specCode", spec);
        body.put("region", Fixture.REGION);
        if (nodes != null) {
            body.put("nodes", nodes);
        }
        if (sizeGb != null) {
            body.put("sizeGb", sizeGb);
        }
        body.put("term", Map.of("unit", unit, "count", count));
        return body;
    }

    private Api.Response buy(Fixture.CustomerKeys c, Map<String, Object> body) {
        return api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body), "k-" + UUID.randomUUID());
    }

    private Api.Response change(Fixture.CustomerKeys c, String rid, Map<String, Object> body) {
        return api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/change", c.adminKey(),
                Api.json(body), "k-" + UUID.randomUUID());
    }

    private Api.Response unsubscribe(Fixture.CustomerKeys c, String rid, String key) {
        return api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/unsubscribe", c.adminKey(), "",
                key);
    }

    private static BigDecimal amount(Api.Response r, String field) {
        return new BigDecimal(r.json().path(field).asString());
    }

    /** The lines billed by the hour (settled or not), leaving out prepaid order lines. */
    private static java.util.List<tools.jackson.databind.JsonNode> hourly(java.util.List<tools.jackson.databind.JsonNode> lines) {
        return lines.stream().filter(l -> !l.path("status").asString().equals("PAID")).toList();
    }

    private LocalDate today() {
        return clock.instant().atZone(Fixture.ZONE).toLocalDate();
    }

    @Test
    void aDowngradeThenAFiveDayUnsubscriptionReturnsNoMoreThanWasPaid() {
        // The case: top up 400, buy 2 nodes for a month (400), downgrade to 1 node on the purchase day,
        // unsubscribe within five days. The old code refunded 200.22 (factor 1.0011) and then 400: cash 600.22.
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "400.00"), 201);
        String spec = prepaid().computeSpec("1.00", "200.00", null);
        String type = poolType();
        fx.advanceTo(Fixture.at(fx.nextDay(), "10:30:00"));
        Api.Response bought = buy(c, purchase(type, spec, 2, null, "MONTH", 1));
        fx.expect(bought, 201);
        // 2 nodes x 200.00 a month x 1 month = 400.00
        assertThat(bought.json().path("listAmount").asString()).isEqualTo("400.00");
        String rid = bought.json().path("resourceId").asString();
        Api.Response down = change(c, rid, Map.of("nodes", 1));
        fx.expect(down, 201);
        // Factor: month fractions from the purchase day to the expiry, at most 1 x the share left (all of it): <= 1.
        LocalDate day = today();
        BigDecimal factor = PrepaidModel.factor(day, PrepaidModel.purchaseExpiry(day, 1), day, 1);
        assertThat(factor).isLessThanOrEqualTo(BigDecimal.ONE);
        assertThat(new BigDecimal(down.json().path("details").path("remainingFactor").asString()))
                .isEqualByComparingTo(factor);
        BigDecimal given = new BigDecimal("200").multiply(factor).setScale(2, RoundingMode.DOWN);
        assertThat(amount(down, "refundAmount")).isEqualByComparingTo(given);
        Api.Response u = unsubscribe(c, rid, "u-" + UUID.randomUUID());
        fx.expect(u, 201);
        assertThat(u.json().path("details").path("fiveDay").asBoolean()).isTrue();
        // Five-day: everything still held, 400 - what the downgrade gave back.
        assertThat(amount(u, "refundAmount")).isEqualByComparingTo(new BigDecimal("400.00").subtract(given));
        // cash = 400 - 400 + given + (400 - given) = 400.00: nothing created.
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("400.00");
    }

    @Test
    void prepaidDisksAreBoughtRenewedExpandedAndUnsubscribedBySize() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String ssd = prepaid().storageSpec("0.0001", "0.50", "5.00");
        String volume = type("CAPACITY", "STORAGE", null, null);
        Instant day = Fixture.at(fx.nextDay(), "09:00:00");
        fx.advanceTo(day);
        Api.Response byNodes = buy(c, purchase(volume, ssd, 2, null, "MONTH", 1));
        fx.expect(byNodes, 400);
        assertThat(byNodes.code()).isEqualTo("invalid-field");
        assertThat(buy(c, purchase(volume, ssd, null, null, "MONTH", 1)).code()).isEqualTo("quantity-out-of-range");
        // 100 GB x 0.50 a GB-month = 50.00 (the old code refused it: no-price).
        Api.Response bought = buy(c, purchase(volume, ssd, null, 100, "MONTH", 1));
        fx.expect(bought, 201);
        assertThat(bought.json().path("listAmount").asString()).isEqualTo("50.00");
        assertThat(bought.json().path("details").path("sizeGb").asInt()).isEqualTo(100);
        String rid = bought.json().path("resourceId").asString();
        // A year of 100 GB at 5.00 a GB-year = 500.00.
        Api.Response yearly = buy(c, purchase(volume, ssd, null, 100, "YEAR", 1));
        assertThat(yearly.json().path("listAmount").asString()).isEqualTo("500.00");

        fx.advanceTo(day.plus(Duration.ofDays(1)));
        Api.Response expand = change(c, rid, Map.of("sizeGb", 300));
        fx.expect(expand, 201);
        LocalDate bought0 = day.atZone(Fixture.ZONE).toLocalDate();
        BigDecimal factor = PrepaidModel.factor(today(), PrepaidModel.purchaseExpiry(bought0, 1), bought0, 1);
        // (300 - 100) GB x 0.50 x factor, truncated to the cent.
        BigDecimal fee = new BigDecimal("100.00").multiply(factor).setScale(2, RoundingMode.DOWN);
        assertThat(amount(expand, "listAmount")).isEqualByComparingTo(fee);
        Api.Response renewed = api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/renew",
                c.adminKey(), Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "k-" + UUID.randomUUID());
        fx.expect(renewed, 201);
        // 300 GB x 0.50 = 150.00.
        assertThat(renewed.json().path("listAmount").asString()).isEqualTo("150.00");
        Integer size = jdbc.queryForObject("select size_gb from resource_resource where id = ?", Integer.class, rid);
        assertThat(size).isEqualTo(300);
        fx.settleThrough(clock.instant().plus(Duration.ofHours(2)));
        // The detailed bill holds the orders' prepaid lines (status PAID) since issue 9; no hourly line.
        assertThat(hourly(fx.feeRecords(c, clock.instant(), rid))).as("a prepaid disk bills nothing by the hour")
                .isEmpty();
        Api.Response u = unsubscribe(c, rid, "u-" + UUID.randomUUID());
        fx.expect(u, 201);
        // Within five days: everything held is returned, 50.00 + fee + 150.00.
        assertThat(amount(u, "refundAmount")).isEqualByComparingTo(new BigDecimal("200.00").add(fee));
    }

    @Test
    void aPoolsDiskIsPricedInThePoolsOrderAndNotBilledByTheHour() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String ssd = prepaid().storageSpec("0.01", "0.50", "5.00");
        String spec = prepaid().computeSpec("1.00", "300.00", null);
        String pool = type("RUNTIME", "COMPUTE", ssd, 50);
        fx.advanceTo(Fixture.at(fx.nextDay(), "09:15:00"));
        Api.Response bought = buy(c, purchase(pool, spec, 1, null, "MONTH", 1));
        fx.expect(bought, 201);
        // 1 node x 300.00 + 50 GB x 0.50 = 325.00.
        assertThat(bought.json().path("listAmount").asString()).isEqualTo("325.00");
        String rid = bought.json().path("resourceId").asString();
        fx.settleThrough(clock.instant().plus(Duration.ofHours(2)));
        assertThat(hourly(fx.feeRecords(c, clock.instant(), rid))).as("neither the pool nor its disk bills by the hour")
                .isEmpty();
        // 1000.00 - 325.00 = 675.00: nothing more by the hour
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("675.00");
    }

    @Test
    void aYearlyTermsChangeFeeUsesTheYearlyPrice() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10000.00"), 201);
        String spec = prepaid().computeSpec("1.00", "300.00", "3000.00");
        String type = poolType();
        Instant day = Fixture.at(fx.nextDay(), "11:00:00");
        fx.advanceTo(day);
        Api.Response bought = buy(c, purchase(type, spec, 1, null, "YEAR", 1));
        fx.expect(bought, 201);
        // 1 node x 3000.00 a year x 1 year = 3000.00
        assertThat(bought.json().path("listAmount").asString()).isEqualTo("3000.00");
        fx.advanceTo(day.plus(Duration.ofDays(1)));
        Api.Response up = change(c, bought.json().path("resourceId").asString(), Map.of("nodes", 2));
        fx.expect(up, 201);
        LocalDate start = day.atZone(Fixture.ZONE).toLocalDate();
        BigDecimal factor = PrepaidModel.factor(today(), start.plusYears(1), start, 12);
        // The monthly basis of a yearly term: 3000 / 12 = 250 a node (not the monthly 300); fee 250 x factor.
        BigDecimal fee = new BigDecimal("250").multiply(factor).setScale(2, RoundingMode.DOWN);
        assertThat(amount(up, "listAmount")).isEqualByComparingTo(fee);
    }

    @Test
    void changingTheDeductionDayReschedulesPlannedAttempts() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String spec = prepaid().computeSpec("1.00", "100.00", null);
        String type = poolType();
        fx.advanceTo(Fixture.at(fx.nextDay(), "08:00:00"));
        Map<String, Object> body = purchase(type, spec, 1, null, "MONTH", 1);
        body.put("autoRenew", true);
        Api.Response bought = buy(c, body);
        fx.expect(bought, 201);
        String rid = bought.json().path("resourceId").asString();
        LocalDate expiry = PrepaidModel.purchaseExpiry(today(), 1);
        String path = "/api/v1/customers/" + c.id() + "/subscriptions/" + rid;
        // 03:00 (+08:00) seven days before the expiry date, then two days before once the setting says 2.
        assertThat(Instant.parse(api.get(path, c.financeKey()).json().path("nextAttemptAt").asString()))
                .isEqualTo(expiry.minusDays(7).atTime(3, 0).atZone(Fixture.ZONE).toInstant());
        fx.expect(api.put("/api/v1/customers/" + c.id() + "/subscription-settings", c.adminKey(),
                Map.of("deductionDays", 2)), 200);
        assertThat(Instant.parse(api.get(path, c.financeKey()).json().path("nextAttemptAt").asString()))
                .isEqualTo(expiry.minusDays(2).atTime(3, 0).atZone(Fixture.ZONE).toInstant());
    }

    @Test
    void aPayPerUseResourceInArrearsThatTurnsPrepaidLeavesTheArrearsLifecycle() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "0.10"), 201);
        String spec = prepaid().computeSpec("1.00", "100.00", null);
        String type = poolType();
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String rid = fx.create(c, type, spec, 1, day);
        fx.settleThrough(day.plus(Duration.ofMinutes(30)));
        String lifecycle = "/api/v1/customers/" + c.id() + "/lifecycle";
        assertThat(api.get(lifecycle, c.financeKey()).json().path("items").get(0).path("state").asString())
                .isEqualTo("GRACE");
        fx.expect(api.put("/api/v1/customers/" + c.id() + "/credit-limit", fx.operatorKey,
                Map.of("creditLimit", "500.00")), 200);
        Api.Response order = api.post("/api/v1/customers/" + c.id() + "/resources/" + rid + "/to-prepaid",
                c.adminKey(), Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "k-" + UUID.randomUUID());
        fx.expect(order, 201);
        assertThat(order.json().path("status").asString()).isEqualTo("PAID");
        JsonNode row = api.get(lifecycle, c.financeKey()).json().path("items").get(0);
        // Out of the arrears lifecycle: ACTIVE, and no freeze deadline left for the arrears schedule.
        assertThat(row.path("state").asString()).isEqualTo("ACTIVE");
        assertThat(row.path("nextTransitionAt").isNull() || row.path("nextTransitionAt").isMissingNode()).isTrue();
        assertThat(jdbc.queryForObject("select next_transition_at is null from lifecycle_resource where "
                + "resource_id = ?", Boolean.class, rid)).isTrue();
    }

    @Test
    void theFiveDayLimitHoldsUnderConcurrentUnsubscriptions() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "2000.00"), 201);
        String spec = prepaid().computeSpec("1.00", "100.00", null);
        String type = poolType();
        fx.advanceTo(Fixture.at(fx.nextDay(), "09:00:00"));
        List<String> rids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Api.Response bought = buy(c, purchase(type, spec, 1, null, "MONTH", 1));
            fx.expect(bought, 201);
            rids.add(bought.json().path("resourceId").asString());
        }
        fx.advanceTo(clock.instant().plus(Duration.ofHours(3)));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        int fiveDay = 0;
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (String rid : rids) {
                calls.add(() -> unsubscribe(c, rid, "u-" + rid));
            }
            for (Future<Api.Response> f : pool.invokeAll(calls)) {
                Api.Response r = f.get();
                fx.expect(r, 201);
                boolean granted = r.json().path("details").path("fiveDay").asBoolean();
                fiveDay += granted ? 1 : 0;
                if (granted) {
                    assertThat(r.json().path("refundAmount").asString()).isEqualTo("100.00");
                } else {
                    // 3 of about 730 hours used and 10% kept: less than 90.00.
                    assertThat(amount(r, "refundAmount")).isLessThan(new BigDecimal("90.00"));
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(fiveDay).isEqualTo(10);
    }
}
