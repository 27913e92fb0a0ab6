package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The billing centre of issue 9: the complete detailed bill, the month summary, statements and
 * amortization, through the HTTP API on the test clock. Expected amounts come from the rules'
 * arithmetic in the comments, or (for pro-rated change fees) from the order's own answer, which
 * the bill must show unchanged.
 */
class BillingCentreIT extends IntegrationTest {

    private PrepaidFixture prepaid() {
        return new PrepaidFixture(api, fx);
    }

    private String prepaidType() {
        String code = "it.bc." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", code, "serviceType", "it",
                "name", "billing centre type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)),
                201);
        return code;
    }

    private Api.Response buy(Fixture.CustomerKeys c, String type, String spec, String unit, boolean autoRenew) {
        Map<String, Object> body = new LinkedHashMap<>(PrepaidMoneyIT.purchase(type, spec, 1, null, unit, 1));
        body.put("autoRenew", autoRenew);
        Api.Response r = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body),
                "k-" + UUID.randomUUID());
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r;
    }

    private Api.Response post(Fixture.CustomerKeys c, String path, Object body) {
        Api.Response r = api.post("/api/v1/customers/" + c.id() + path, c.adminKey(),
                body == null ? "" : Api.json(body), "k-" + UUID.randomUUID());
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r;
    }

    /** 00:00 (billing zone) of the first day of the month after the clock's month. */
    private Instant nextMonthStart() {
        LocalDate d = clock.instant().atZone(Fixture.ZONE).toLocalDate().withDayOfMonth(1).plusMonths(1);
        return d.atStartOfDay(Fixture.ZONE).toInstant();
    }

    private static String month(Instant t) {
        return YearMonth.from(t.atZone(Fixture.ZONE)).toString();
    }

    private static BigDecimal dec(JsonNode n, String field) {
        return new BigDecimal(n.path(field).asString());
    }

    private List<JsonNode> lines(Fixture.CustomerKeys c, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response r = api.get("/api/v1/customers/" + c.id() + "/bills/detail?" + query
                    + (cursor == null ? "" : "&cursor=" + cursor), c.financeKey());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().path("items").forEach(all::add);
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asString(null);
        } while (cursor != null);
        return all;
    }

    private List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.path("recordType").asString().equals(type)).toList();
    }

    @Test
    void aMonthHoldsEveryRecordTypeWithItsFieldsAndTheSummaryIsTheSumOfItsLines() {
        Instant m = nextMonthStart();
        fx.advanceTo(at(m, "09:00"));
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        String type = prepaidType();
        String spec = prepaid().computeSpec("0.66", "30.00", "365.00");

        // Purchases: a year (365.00), three months (30.00 each), one with auto-renewal.
        JsonNode yearly = buy(c, type, spec, "YEAR", false).json();
        JsonNode monthly = buy(c, type, spec, "MONTH", false).json();
        JsonNode auto = buy(c, type, spec, "MONTH", true).json();
        JsonNode unsub = buy(c, type, spec, "MONTH", false).json();
        String y = yearly.path("resourceId").asString();
        JsonNode renewal = post(c, "/subscriptions/" + monthly.path("resourceId").asString() + "/renew",
                Map.of("term", Map.of("unit", "MONTH", "count", 1))).json();
        JsonNode up = post(c, "/subscriptions/" + y + "/change", Map.of("nodes", 2)).json();
        JsonNode down = post(c, "/subscriptions/" + y + "/change", Map.of("nodes", 1)).json();
        JsonNode refund = post(c, "/subscriptions/" + unsub.path("resourceId").asString() + "/unsubscribe", null)
                .json();

        // Pay-per-use: 10:00-12:00 billed 0.66 an hour, then a late DELETED at 11:30 credits half of hour 11.
        fx.advanceTo(at(m, "10:00"));
        String ppu = fx.create(c, "it.compute", spec, 1, at(m, "10:00"));
        fx.advanceTo(at(m, "12:10"));
        fx.expect(fx.event("DELETED", ppu, c, at(m, "11:30"), Map.of()), 201);
        fx.settleThrough(at(m, "12:10"));
        // The auto-renewal's first attempt: 03:00 on the 7th day before the expiry.
        Instant autoExpiry = Instant.parse(auto.path("expiresAt").asString());
        LocalDate attemptDay = autoExpiry.atZone(Fixture.ZONE).toLocalDate().minusDays(7);
        fx.advanceTo(attemptDay.atTime(4, 0).atZone(Fixture.ZONE).toInstant());

        List<JsonNode> lines = lines(c, "month=" + month(m) + "&limit=200");
        Set<String> types = lines.stream().map(l -> l.path("recordType").asString()).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("PURCHASE", "RENEWAL", "AUTO_RENEWAL", "CHANGE", "REFUND",
                "USAGE", "ADJUSTMENT");

        JsonNode purchase = ofType(lines, "PURCHASE").stream()
                .filter(l -> l.path("orderId").asLong() == yearly.path("id").asLong()).findFirst().orElseThrow();
        // A year of 1 node at 365.00: list 365.00, no discount, paid in cash.
        assertThat(dec(purchase, "listAmount")).isEqualByComparingTo("365.00");
        assertThat(dec(purchase, "discountAmount")).isEqualByComparingTo("0");
        assertThat(dec(purchase, "amount")).isEqualByComparingTo("365.00");
        assertThat(dec(purchase, "truncatedAmount")).isEqualByComparingTo("0");
        assertThat(dec(purchase, "cashAmount")).isEqualByComparingTo("365.00");
        assertThat(dec(purchase, "creditAmount")).isEqualByComparingTo("0");
        assertThat(dec(purchase, "couponAmount")).isEqualByComparingTo("0");
        assertThat(dec(purchase, "arrearsAmount")).isEqualByComparingTo("0");
        assertThat(purchase.path("status").asString()).isEqualTo("PAID");
        assertThat(purchase.path("resourceId").asString()).isEqualTo(y);
        assertThat(purchase.path("resourceType").asString()).isEqualTo(type);
        assertThat(purchase.path("serviceType").asString()).isEqualTo("it");
        assertThat(purchase.path("specCode").asString()).isEqualTo(spec);
        assertThat(purchase.path("region").asString()).isEqualTo(Fixture.REGION);
        assertThat(purchase.path("billingMode").asString()).isEqualTo("YEARLY_MONTHLY");
        assertThat(purchase.path("unit").asString()).isEqualTo("YEAR");
        assertThat(purchase.path("usage").asString()).isEqualTo("1");
        // The term: from the payment to the expiry's 23:59:59, half-open (+1 s).
        assertThat(Instant.parse(purchase.path("periodEnd").asString()))
                .isEqualTo(Instant.parse(yearly.path("expiresAt").asString()).plusSeconds(1));

        // Four purchases: 365.00 + 30.00 + 30.00 + 30.00 = 455.00.
        assertThat(Fixture.sum(ofType(lines, "PURCHASE"), "chargedAmount")).isEqualByComparingTo("455.00");
        // A manual renewal of a month (30.00) and the job's auto-renewal of a month (30.00).
        assertThat(ofType(lines, "RENEWAL")).hasSize(1);
        assertThat(dec(ofType(lines, "RENEWAL").get(0), "amount")).isEqualByComparingTo("30.00");
        assertThat(ofType(lines, "RENEWAL").get(0).path("orderId").asLong()).isEqualTo(renewal.path("id").asLong());
        assertThat(ofType(lines, "AUTO_RENEWAL")).hasSize(1);
        assertThat(dec(ofType(lines, "AUTO_RENEWAL").get(0), "cashAmount")).isEqualByComparingTo("30.00");
        // The upgrade shows what its order charged; the downgrade and the five-day unsubscription (30.00 back in
        // full) are REFUND lines of the money given back, negative.
        assertThat(ofType(lines, "CHANGE")).hasSize(1);
        assertThat(dec(ofType(lines, "CHANGE").get(0), "amount")).isEqualByComparingTo(dec(up, "cashAmount"));
        List<JsonNode> refunds = ofType(lines, "REFUND");
        assertThat(refunds).hasSize(2);
        assertThat(refunds.stream().map(l -> dec(l, "amount")).toList()).usingElementComparator(BigDecimal::compareTo)
                .containsExactlyInAnyOrder(new BigDecimal("-30.00"), dec(down, "refundAmount").negate());
        assertThat(dec(refund, "refundAmount")).isEqualByComparingTo("30.00");

        // Usage: hours 10 and 11 at 0.66; the late delete at 11:30 credits 0.66 x 1800/3600 = 0.33 in the open hour.
        List<JsonNode> usage = ofType(lines, "USAGE");
        assertThat(usage).hasSize(2);
        assertThat(Fixture.sum(usage, "chargedAmount")).isEqualByComparingTo("1.32");
        JsonNode adjustment = ofType(lines, "ADJUSTMENT").get(0);
        assertThat(dec(adjustment, "chargedAmount")).isEqualByComparingTo("-0.33");
        assertThat(Instant.parse(adjustment.path("adjustsHour").asString())).isEqualTo(at(m, "11:00"));
        assertThat(adjustment.path("billingMode").asString()).isEqualTo("PAY_PER_USE");

        // The summary's totals are the sums of the lines, by each dimension.
        JsonNode summary = api.get("/api/v1/customers/" + c.id() + "/bills/summary?month=" + month(m), c.financeKey())
                .json();
        JsonNode total = summary.path("total");
        assertThat(total.path("lines").asLong()).isEqualTo(lines.size());
        assertThat(dec(total, "due")).isEqualByComparingTo(Fixture.sum(lines, "chargedAmount"));
        assertThat(dec(total, "list")).isEqualByComparingTo(Fixture.sum(lines, "listAmount"));
        assertThat(dec(total.path("paid"), "cash")).isEqualByComparingTo(Fixture.sum(lines, "cashAmount"));
        // Amount due = list - discount - truncated.
        assertThat(dec(total, "due")).isEqualByComparingTo(dec(total, "list").subtract(dec(total, "discount"))
                .subtract(dec(total, "truncated")));
        // Pay-per-use: 0.66 + 0.66 - 0.33 = 0.99.
        JsonNode payPerUse = group(summary, "billingMode", "PAY_PER_USE");
        assertThat(dec(payPerUse, "due")).isEqualByComparingTo("0.99");
        JsonNode purchases = group(summary, "recordType", "PURCHASE");
        assertThat(dec(purchases, "due")).isEqualByComparingTo("455.00");
        assertThat(dec(group(summary, "serviceType", "it"), "due")).isEqualByComparingTo(dec(total, "due"));

        // Filters and pages: pages of 2 walk the same lines across the three sections.
        assertThat(lines(c, "month=" + month(m) + "&limit=2").stream().map(l -> l.path("recordType").asString()
                + l.path("id").asLong()).toList()).isEqualTo(lines.stream().map(l -> l.path("recordType").asString()
                + l.path("id").asLong()).toList());
        assertThat(lines(c, "month=" + month(m) + "&recordType=RENEWAL")).hasSize(1);
        assertThat(lines(c, "month=" + month(m) + "&billingMode=PAY_PER_USE")).hasSize(3);
        assertThat(lines(c, "month=" + month(m) + "&resourceId=" + y)).hasSize(3);
        assertThat(lines(c, "month=" + month(m) + "&resourceType=" + type)).hasSize(lines.size() - 3);
        assertThat(api.get("/api/v1/customers/" + c.id() + "/bills/detail?recordType=NOPE", c.financeKey()).code())
                .isEqualTo("invalid-filter");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/bills/detail?serviceType=nope", c.financeKey()).code())
                .isEqualTo("invalid-filter");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/bills/summary?month=2026-13", c.financeKey()).code())
                .isEqualTo("invalid-month");
    }

    private static JsonNode group(JsonNode summary, String dimension, String key) {
        for (JsonNode g : summary.path("by").path(dimension)) {
            if (g.path("key").asString().equals(key)) {
                return g.path("parts");
            }
        }
        throw new AssertionError("no " + dimension + " " + key + " in " + summary);
    }
}
