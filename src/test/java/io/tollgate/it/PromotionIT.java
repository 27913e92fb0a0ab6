package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Discounts and coupons over HTTP on real PostgreSQL (issue 9 parts 1 and 2): the payment order of
 * a prepaid order, the best discount, each coupon restriction refused with its code and nothing
 * written, pay-per-use hours paid by several coupons earliest expiry first, coupons never paying
 * arrears, coupons returned by the five-day rule and a not-yet-started renewal but not by an
 * in-use refund, and a commercial discount on pay-per-use lines. Every expected amount is the
 * rule's arithmetic, in the comment beside it.
 */
class PromotionIT extends IntegrationTest {

    private PrepaidFixture prepaid() {
        return new PrepaidFixture(api, fx);
    }

    private String poolType() {
        String code = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid().resourceType(code, true), 201);
        return code;
    }

    private Map<String, Object> order(String type, String spec, String couponId) {
        Map<String, Object> body = new LinkedHashMap<>(PrepaidMoneyIT.purchase(type, spec, 1, null, "MONTH", 1));
        if (couponId != null) {
            body.put("couponId", couponId);
        }
        return body;
    }

    private Api.Response buy(Fixture.CustomerKeys c, Map<String, Object> body) {
        return api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body), "k-" + UUID.randomUUID());
    }

    private LocalDate today() {
        return clock.instant().atZone(Fixture.ZONE).toLocalDate();
    }

    /** Issues coupons (operator) and returns the answer's coupons. */
    private List<JsonNode> issue(Map<String, Object> body) {
        Api.Response r = api.post("/api/v1/coupons", fx.operatorKey, Api.json(body), "k-" + UUID.randomUUID());
        fx.expect(r, 201);
        List<JsonNode> coupons = new java.util.ArrayList<>();
        r.json().path("coupons").forEach(coupons::add);
        return coupons;
    }

    private String cashCoupon(Fixture.CustomerKeys c, String face, LocalDate lastDay, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("customerIds", List.of(c.id()), "kind", "CASH",
                "faceValue", face, "lastDay", lastDay.toString()));
        body.putAll(extra);
        return issue(body).get(0).path("id").asString();
    }

    private JsonNode coupon(Fixture.CustomerKeys c, String id) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/coupons", c.financeKey());
        fx.expect(r, 200);
        for (JsonNode n : r.json()) {
            if (n.path("id").asString().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no coupon " + id + " in " + r.body());
    }

    private void discount(Fixture.CustomerKeys c, String percent, String serviceType, String mode) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("percent", percent));
        if (serviceType != null) {
            body.put("serviceType", serviceType);
        }
        if (mode != null) {
            body.put("billingMode", mode);
        }
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/discounts", fx.operatorKey, body), 201);
    }

    private static BigDecimal dec(JsonNode n, String field) {
        return new BigDecimal(n.path(field).asString());
    }

    @Test
    void anOrderPaysDiscountThenOneCashCouponThenCashThenCredit() {
        Fixture.CustomerKeys c = fx.customer();
        String type = poolType();
        String spec = prepaid().computeSpec("1.00", "1000.00", null);
        discount(c, "10", null, "PREPAID");
        fx.expect(fx.topUp(c, "600.00"), 201);
        fx.creditLimit(c, "500.00");
        String coupon = cashCoupon(c, "50.00", today().plusDays(30), Map.of());
        Api.Response r = buy(c, order(type, spec, null));
        fx.expect(r, 201);
        JsonNode o = r.json();
        assertThat(o.path("status").asString()).isEqualTo("PAID");
        assertThat(dec(o, "listAmount")).isEqualByComparingTo("1000.00"); // 1 node x 1 month x 1000.00
        assertThat(dec(o, "discountAmount")).isEqualByComparingTo("100.00"); // 10% of 1000.00
        assertThat(dec(o, "couponAmount")).isEqualByComparingTo("50.00"); // the coupon's 50.00 of the 900.00 due
        assertThat(dec(o, "cashAmount")).isEqualByComparingTo("600.00"); // 850.00 left: all 600.00 of cash
        assertThat(dec(o, "creditAmount")).isEqualByComparingTo("250.00"); // 850.00 - 600.00 on credit
        JsonNode b = fx.balance(c);
        assertThat(dec(b, "cash")).isEqualByComparingTo("0.00"); // 600.00 - 600.00
        assertThat(dec(b, "creditUsed")).isEqualByComparingTo("250.00");
        JsonNode used = coupon(c, coupon);
        assertThat(dec(used, "remaining")).isEqualByComparingTo("0.00"); // 50.00 - 50.00
        assertThat(used.path("status").asString()).isEqualTo("USED_UP");
        // The order's transaction shows the coupon part: cash -600.00, credit -250.00, coupons -50.00.
        Api.Response tx = api.get("/api/v1/customers/" + c.id() + "/transactions?month=" + today().toString().substring(0, 7), c.financeKey());
        fx.expect(tx, 200);
        JsonNode paid = null;
        for (JsonNode t : tx.json().path("items")) {
            if (t.path("type").asString().equals("ORDER") || t.path("reason").asString().equals("ORDER")) {
                paid = t;
            }
        }
        assertThat(paid).as(tx.body()).isNotNull();
        assertThat(dec(paid, "coupons")).isEqualByComparingTo("-50.00");
        assertThat(dec(paid, "amount")).isEqualByComparingTo("900.00"); // 600.00 + 250.00 + 50.00

        // In FOCUS: the Purchase row lists 1000.00 at an agreed 900.00 (10% off) and bills what the order
        // charged before coupons, 900.00; the coupon's 50.00 is a Credit row of its own: 900.00 - 50.00 = 850.00.
        List<Map<String, String>> focus = fx.focus(c, today().toString().substring(0, 7));
        Map<String, String> purchase = focus.stream().filter(f -> "Purchase".equals(f.get("ChargeCategory")))
                .findFirst().orElseThrow();
        assertThat(purchase).containsEntry("ListUnitPrice", "1000").containsEntry("ContractedUnitPrice", "900")
                .containsEntry("ListCost", "1000").containsEntry("ContractedCost", "900")
                .containsEntry("BilledCost", "900").containsEntry("x_DiscountAmount", "100");
        assertThat(Fixture.sumOf(focus, "BilledCost")).isEqualByComparingTo("850.00");
    }

    @Test
    void theBestDiscountWinsNeverTwo() {
        Fixture.CustomerKeys c = fx.customer();
        String type = poolType();
        String spec = prepaid().computeSpec("1.00", "1000.00", null);
        discount(c, "10", null, null);
        discount(c, "15", null, "PREPAID");
        discount(c, "12", "it", null);
        discount(c, "40", null, "PAY_PER_USE"); // not for orders
        fx.expect(fx.topUp(c, "5000.00"), 201);
        issue(Map.of("customerIds", List.of(c.id()), "kind", "DISCOUNT", "rate", "0.80", "cap", "180.00",
                "lastDay", today().plusDays(30).toString()));
        JsonNode first = buy(c, order(type, spec, null)).json();
        // the discount coupon takes 1000.00 x 0.20 = 200.00, capped at 180.00: more than 15% = 150.00, so it
        // is used alone (never with the 15%): 1000.00 - 180.00 = 820.00 from cash
        assertThat(dec(first, "discountAmount")).isEqualByComparingTo("180.00");
        assertThat(dec(first, "cashAmount")).isEqualByComparingTo("820.00");
        JsonNode second = buy(c, order(type, spec, null)).json();
        // the coupon is used up: the best commercial discount, 15% of 1000.00 = 150.00 (not 10 + 15 + 12)
        assertThat(dec(second, "discountAmount")).isEqualByComparingTo("150.00");
        assertThat(dec(second, "cashAmount")).isEqualByComparingTo("850.00"); // 1000.00 - 150.00
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("3330.00"); // 5000.00 - 820.00 - 850.00
    }

    @Test
    void aCouponIsRefusedByEachRestrictionWithItsCodeAndNothingChanges() {
        Fixture.CustomerKeys c = fx.customer();
        String type = poolType();
        String spec = prepaid().computeSpec("1.00", "1000.00", null);
        fx.expect(fx.topUp(c, "5000.00"), 201);
        LocalDate last = today().plusDays(30);
        Instant now = clock.instant();
        Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
        refused.put("serviceTypes", Map.of("serviceTypes", List.of("it-evs")));
        refused.put("resourceTypes", Map.of("resourceTypes", List.of("it.compute")));
        refused.put("billingModes", Map.of("billingModes", List.of("PAY_PER_USE")));
        refused.put("orderTypes", Map.of("orderTypes", List.of("RENEWAL")));
        refused.put("regions", Map.of("regions", List.of("it-region-other")));
        refused.put("minAmount", Map.of("minAmount", "1000.01")); // the order's list amount is 1000.00
        for (var e : refused.entrySet()) {
            String coupon = cashCoupon(c, "50.00", last, e.getValue());
            Map<String, Long> before = rowCounts();
            Api.Response r = buy(c, order(type, spec, coupon));
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(422);
            assertThat(r.code()).as(e.getKey()).isEqualTo("coupon-not-eligible");
            assertThat(r.json().path("detail").asString()).as(e.getKey()).contains("restriction " + e.getKey());
            assertThat(rowCounts()).as(e.getKey() + " changed nothing").isEqualTo(before);
        }
        String notYet = cashCoupon(c, "50.00", last, Map.of("validFrom", now.plus(Duration.ofDays(3)).toString()));
        String expired = cashCoupon(c, "50.00", today().minusDays(2),
                Map.of("validFrom", now.minus(Duration.ofDays(5)).toString()));
        for (var e : Map.of(notYet, "coupon-not-yet-valid", expired, "coupon-expired", "cpn-none", "unknown-coupon")
                .entrySet()) {
            Map<String, Long> before = rowCounts();
            Api.Response r = buy(c, order(type, spec, e.getKey()));
            assertThat(r.status()).as(e.getValue() + ": " + r.body()).isEqualTo(422);
            assertThat(r.code()).isEqualTo(e.getValue());
            assertThat(rowCounts()).as(e.getValue() + " changed nothing").isEqualTo(before);
        }
        assertThat(coupon(c, notYet).path("status").asString()).isEqualTo("NOT_YET_VALID");
        assertThat(coupon(c, expired).path("status").asString()).isEqualTo("EXPIRED");
        // every restriction met: the coupon pays (list 1000.00, coupon 50.00, cash 950.00)
        String fits = cashCoupon(c, "50.00", last, Map.of("serviceTypes", List.of("it"), "resourceTypes", List.of(type),
                "billingModes", List.of("PREPAID"), "orderTypes", List.of("NEW"), "regions", List.of(Fixture.REGION),
                "minAmount", "1000.00"));
        JsonNode o = buy(c, order(type, spec, fits)).json();
        assertThat(dec(o, "couponAmount")).isEqualByComparingTo("50.00");
        assertThat(dec(o, "cashAmount")).isEqualByComparingTo("950.00"); // 1000.00 - 50.00
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("4050.00"); // 5000.00 - 950.00
        // used up (50.00 - 50.00 = 0.00): named again, it is refused and nothing changes
        Map<String, Long> before = rowCounts();
        Api.Response again = buy(c, order(type, spec, fits));
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.code()).isEqualTo("coupon-used-up");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void payPerUseHoursUseEveryCouponEarliestExpiryFirstAndTheRemainderStays() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.60");
        fx.expect(fx.topUp(c, "10.00"), 201);
        String later = cashCoupon(c, "5.00", today().plusDays(20), Map.of());
        String earlier = cashCoupon(c, "1.00", today().plusDays(10), Map.of());
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "10:00"));
        String rid = fx.create(c, "it.compute", spec, 1, Fixture.at(day, "10:00"));
        fx.settleThrough(Fixture.at(day, "13:00"));
        List<Map<String, Object>> lines = jdbc.queryForList("select coupon_amount, cash_amount, charged_amount "
                + "from settlement_fee_record where resource_id = ? order by hour_start", rid);
        assertThat(lines).hasSize(3); // hours 10, 11 and 12 at 0.60 each
        // hour 10: 0.60 from the earlier coupon (0.40 left); hour 11: 0.40 + 0.20 of the later one; hour 12: 0.60 later
        for (Map<String, Object> l : lines) {
            assertThat((BigDecimal) l.get("coupon_amount")).isEqualByComparingTo("0.60");
            assertThat((BigDecimal) l.get("cash_amount")).isEqualByComparingTo("0.00");
        }
        assertThat(dec(coupon(c, earlier), "remaining")).isEqualByComparingTo("0.00"); // 1.00 - 0.60 - 0.40
        assertThat(coupon(c, earlier).path("status").asString()).isEqualTo("USED_UP");
        assertThat(dec(coupon(c, later), "remaining")).isEqualByComparingTo("4.20"); // 5.00 - 0.20 - 0.60
        assertThat(coupon(c, later).path("status").asString()).isEqualTo("USABLE");
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("10.00"); // untouched
    }

    @Test
    void couponsNeverPayArrears() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.60");
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "10:00"));
        fx.create(c, "it.compute", spec, 1, Fixture.at(day, "10:00"));
        fx.settleThrough(Fixture.at(day, "12:00"));
        assertThat(dec(fx.balance(c), "arrears")).isEqualByComparingTo("-1.20"); // hours 10 and 11 at 0.60, no cash
        fx.advanceTo(Fixture.at(day, "12:10"));
        String coupon = cashCoupon(c, "5.00", today().plusDays(10), Map.of());
        // issued at 12:10: the arrears stay, the coupon keeps its 5.00
        assertThat(dec(fx.balance(c), "arrears")).isEqualByComparingTo("-1.20");
        assertThat(dec(coupon(c, coupon), "remaining")).isEqualByComparingTo("5.00");
        fx.settleThrough(Fixture.at(day, "14:00"));
        // hour 12 began before the coupon was valid: arrears -1.20 - 0.60 = -1.80; hour 13 is the coupon's: 5.00 - 0.60
        assertThat(dec(fx.balance(c), "arrears")).isEqualByComparingTo("-1.80");
        assertThat(dec(coupon(c, coupon), "remaining")).isEqualByComparingTo("4.40");
        fx.expect(fx.topUp(c, "1.00"), 201);
        // a top-up pays arrears (-1.80 + 1.00 = -0.80); the coupon still pays none of them
        assertThat(dec(fx.balance(c), "arrears")).isEqualByComparingTo("-0.80");
        assertThat(dec(coupon(c, coupon), "remaining")).isEqualByComparingTo("4.40");
    }

    @Test
    void theFiveDayRuleReturnsTheCashCoupon() {
        Fixture.CustomerKeys c = fx.customer();
        String type = poolType();
        String spec = prepaid().computeSpec("1.00", "1000.00", null);
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String coupon = cashCoupon(c, "50.00", today().plusDays(30), Map.of());
        JsonNode o = buy(c, order(type, spec, coupon)).json();
        assertThat(dec(o, "cashAmount")).isEqualByComparingTo("950.00"); // 1000.00 - 50.00
        fx.advanceTo(clock.instant().plus(Duration.ofDays(2)));
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + o.path("resourceId").asString()
                + "/unsubscribe", c.adminKey(), "", "k-" + UUID.randomUUID()), 201);
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("1000.00"); // 50.00 + 950.00 back
        assertThat(dec(coupon(c, coupon), "remaining")).isEqualByComparingTo("50.00"); // 0.00 + 50.00 back
        assertThat(coupon(c, coupon).path("status").asString()).isEqualTo("USABLE");
    }

    @Test
    void aNotYetStartedRenewalReturnsItsCouponAndATermInUseDoesNot() {
        Fixture.CustomerKeys c = fx.customer();
        String type = poolType();
        String spec = prepaid().computeSpec("1.00", "1000.00", null);
        fx.expect(fx.topUp(c, "3000.00"), 201);
        LocalDate last = today().plusDays(60);
        String forNew = cashCoupon(c, "50.00", last, Map.of("orderTypes", List.of("NEW")));
        String forRenewal = cashCoupon(c, "80.00", last, Map.of("orderTypes", List.of("RENEWAL")));
        JsonNode o = buy(c, order(type, spec, null)).json();
        assertThat(dec(o, "couponAmount")).isEqualByComparingTo("50.00"); // the NEW coupon, chosen as the best
        String rid = o.path("resourceId").asString();
        fx.advanceTo(clock.instant().plus(Duration.ofDays(6))); // past the five days
        Api.Response renewal = api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/renew",
                c.adminKey(), Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1), "couponId", forRenewal)),
                "k-" + UUID.randomUUID());
        fx.expect(renewal, 201);
        assertThat(dec(renewal.json(), "couponAmount")).isEqualByComparingTo("80.00");
        assertThat(dec(renewal.json(), "cashAmount")).isEqualByComparingTo("920.00"); // 1000.00 - 80.00
        assertThat(dec(coupon(c, forRenewal), "remaining")).isEqualByComparingTo("0.00");
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/unsubscribe", c.adminKey(), "",
                "k-" + UUID.randomUUID()), 201);
        // the renewal had not started: its 80.00 goes back to its coupon; the purchase is in use: its 50.00 does not
        assertThat(dec(coupon(c, forRenewal), "remaining")).isEqualByComparingTo("80.00");
        assertThat(dec(coupon(c, forNew), "remaining")).isEqualByComparingTo("0.00");
        Map<String, Object> refund = jdbc.queryForMap("select refund_amount from subscription_order "
                + "where resource_id = ? and type = 'UNSUBSCRIPTION'", rid);
        // the cash refunded is the renewal's 920.00 in full plus the purchase's pro-rata part of its 950.00,
        // which PrepaidAudit recomputes from the slices after this test; it is at least the 920.00
        assertThat((BigDecimal) refund.get("refund_amount")).isGreaterThanOrEqualTo(new BigDecimal("920.00"));
    }

    @Test
    void aDiscountIsTakenOffPayPerUseLines() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.60");
        fx.expect(fx.topUp(c, "10.00"), 201);
        discount(c, "15", "it", "PAY_PER_USE");
        discount(c, "5", null, null); // also applies; the 15% is better and is used alone
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "10:00"));
        String rid = fx.create(c, "it.compute", spec, 1, Fixture.at(day, "10:00"));
        fx.settleThrough(Fixture.at(day, "12:00"));
        List<JsonNode> lines = fx.feeRecords(c, day, rid);
        assertThat(lines).hasSize(2);
        for (JsonNode l : lines) {
            assertThat(dec(l, "listAmount")).isEqualByComparingTo("0.60000000"); // 1 node x 1 h x 0.60
            assertThat(dec(l, "discountAmount")).isEqualByComparingTo("0.09000000"); // 15% of 0.60
            assertThat(dec(l, "amount")).isEqualByComparingTo("0.51000000"); // 0.60 - 0.09
        }
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("8.98"); // 10.00 - 2 x 0.51
    }

    @Test
    void usageLinesGetTheDiscountWhenSettledAndARestrictedCouponPaysThem() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        String type = "it.bucket." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType",
                "it-evs", "name", "test bucket", "metering", "USAGE", "specKind", "STORAGE")), 201);
        String meter = "it.m." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/meters", fx.operatorKey, Map.of("code", meter, "resourceType", type,
                "name", meter, "quantityUnit", "byte", "priceUnit", "GB", "measure", "COUNT", "unitSize",
                "1000000000")), 201);
        fx.expect(api.post("/api/v1/catalog/meter-prices", fx.operatorKey, Map.of("meterCode", meter, "region",
                Fixture.REGION, "currency", "CNY", "model", "FLAT", "tiers", List.of(Map.of("unitPrice", "0.35")),
                "effectiveFrom", "2029-01-01T00:00:00Z")), 201);
        discount(c, "20", "it-evs", "PAY_PER_USE");
        String coupon = cashCoupon(c, "0.30", today().plusDays(10), Map.of("resourceTypes", List.of(type)));
        cashCoupon(c, "5.00", today().plusDays(10), Map.of("resourceTypes", List.of("it.compute"))); // not for buckets
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "08:00"));
        String bucket = "b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", bucket, c, Fixture.at(day, "08:00"), Map.of("resourceType", type, "region",
                Fixture.REGION, "tags", Map.of("team", "vision", "gpu", ""))), 201);
        fx.advanceTo(Fixture.at(day, "09:30"));
        Map<String, Object> record = new LinkedHashMap<>(Map.of("recordId", "u-" + UUID.randomUUID(), "customerId",
                c.id(), "resourceId", bucket, "meter", meter, "quantity", "2000000000",
                "windowStart", Fixture.at(day, "08:00").toString(), "windowEnd", Fixture.at(day, "09:00").toString()));
        fx.expect(api.post("/api/v1/platform/usage-records", fx.platformKey, Map.of("records", List.of(record))), 200);
        fx.settleThrough(Fixture.at(day, "10:00"));
        Map<String, Object> line = jdbc.queryForMap("select list_amount, discount_amount, amount, charged_amount, "
                + "coupon_amount, cash_amount from settlement_fee_record where resource_id = ?", bucket);
        assertThat((BigDecimal) line.get("list_amount")).isEqualByComparingTo("0.70000000"); // 2 GB x 0.35
        assertThat((BigDecimal) line.get("discount_amount")).isEqualByComparingTo("0.14000000"); // 20% of 0.70
        assertThat((BigDecimal) line.get("amount")).isEqualByComparingTo("0.56000000"); // 0.70 - 0.14
        assertThat((BigDecimal) line.get("charged_amount")).isEqualByComparingTo("0.56");
        assertThat((BigDecimal) line.get("coupon_amount")).isEqualByComparingTo("0.30"); // the bucket coupon, all of it
        assertThat((BigDecimal) line.get("cash_amount")).isEqualByComparingTo("0.26"); // 0.56 - 0.30
        assertThat(dec(coupon(c, coupon), "remaining")).isEqualByComparingTo("0.00");
        assertThat(dec(fx.balance(c), "cash")).isEqualByComparingTo("9.74"); // 10.00 - 0.26

        // In FOCUS: the line's Usage row at its charged 0.56 (list 0.35 x 2 GB = 0.7), and the coupon's part as a
        // Credit row of -0.30 of its own, so BilledCost adds up to what cash paid: 0.56 - 0.30 = 0.26.
        String month = day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7);
        List<Map<String, String>> focus = fx.focus(c, month);
        // reported at 09:30 for 08:00-09:00, after that hour closed: an ADJUSTMENT line of the open hour
        Map<String, String> usage = focus.stream().filter(r -> "ADJUSTMENT".equals(r.get("x_RecordType")))
                .findFirst().orElseThrow();
        assertThat(usage).containsEntry("BilledCost", "0.56").containsEntry("ListUnitPrice", "0.35")
                .containsEntry("PricingQuantity", "2").containsEntry("ListCost", "0.7").containsEntry("PricingUnit", "GB")
                .containsEntry("x_DiscountAmount", "0.14").containsEntry("x_CouponAmount", "0.3")
                .containsEntry("x_CashAmount", "0.26").containsEntry("ServiceName", "it-evs")
                .containsEntry("ResourceType", "test bucket").containsEntry("ResourceId", bucket)
                .containsEntry("ChargeCategory", "Usage")
                // the agreed price: 0.35 less 20% = 0.28 a GB, so 0.28 x 2 GB = 0.56 (the list's 0.7 less 0.14)
                .containsEntry("ContractedUnitPrice", "0.28").containsEntry("ContractedCost", "0.56");
        assertThat(usage.get("ChargeClass")).isNull(); // it corrects an hour of this same period
        // focus.md: a valueless tag is true, the others strings
        assertThat(json(usage.get("Tags"))).isEqualTo(json("{\"gpu\": true, \"team\": \"vision\"}"));
        Map<String, String> couponRow = focus.stream().filter(r -> "COUPON".equals(r.get("x_RecordType")))
                .findFirst().orElseThrow();
        assertThat(couponRow).containsEntry("ChargeCategory", "Credit").containsEntry("BilledCost", "-0.3")
                .containsEntry("EffectiveCost", "-0.3").containsEntry("x_CouponAmount", "0.3")
                .containsEntry("ServiceName", "it-evs").containsEntry("ChargeDescription",
                        "Cash coupons paid 0.30 of ADJUSTMENT line " + jdbc.queryForObject(
                                "select id from settlement_fee_record where resource_id = ?", Long.class, bucket));
        assertThat(couponRow.get("ResourceId")).isNull();
        assertThat(Fixture.sumOf(focus, "BilledCost")).isEqualByComparingTo("0.26");
    }

    private static JsonNode json(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
    }
}
