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
        Fixture.CustomerKeys c = customerAt9(m, "5000.00");
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

        // The FOCUS 1.2 export of this month passes the spec's column rules, and its BilledCost is what the month
        // charged: the summary's amount due less what coupons paid (none here).
        List<java.util.Map<String, String>> focus = fx.focus(c, month(m));
        assertThat(focus).extracting(r -> r.get("ChargeCategory")).contains("Usage", "Purchase");
        assertThat(focus).anyMatch(r -> "Committed".equals(r.get("PricingCategory")));
        assertThat(Fixture.sumOf(focus, "BilledCost")).isEqualByComparingTo(dec(total, "due"));
        // a purchase is EffectiveCost 0: its value reaches the amortized view through the daily committed rows
        assertThat(focus).filteredOn(r -> "Purchase".equals(r.get("ChargeCategory")))
                .allMatch(r -> new java.math.BigDecimal(r.get("EffectiveCost")).signum() == 0);
        // A day of the yearly term: 24 node-hours at the spec's pay-per-use 0.66, so ListCost shows the on-demand
        // value 24 x 0.66 = 15.84 while BilledCost is 0 and EffectiveCost the day's share.
        java.util.Map<String, String> termDay = focus.stream().filter(r -> "Committed".equals(r.get("PricingCategory"))
                && yearly.path("id").asString().equals(r.get("x_OrderId"))).findFirst().orElseThrow();
        assertThat(termDay).containsEntry("ListUnitPrice", "0.66").containsEntry("PricingQuantity", "24")
                .containsEntry("ListCost", "15.84").containsEntry("BilledCost", "0").containsEntry("SkuId", spec);
        // The pay-per-use hours, written by the database: 1 node-hour at 0.66 each, list 0.66 x 1 = 0.66, billed
        // 0.66; 10:00 and 11:00 +08:00 are 02:00Z and 03:00Z.
        List<java.util.Map<String, String>> hours = focus.stream().filter(r -> "USAGE".equals(r.get("x_RecordType")))
                .sorted(java.util.Comparator.comparing(r -> r.get("ChargePeriodStart"))).toList();
        assertThat(hours).hasSize(2);
        String day = m.atZone(Fixture.ZONE).toLocalDate().toString(); // 10:00 +08:00 is 02:00Z the same day
        assertThat(hours).extracting(r -> r.get("ChargePeriodStart"))
                .containsExactly(day + "T02:00:00Z", day + "T03:00:00Z");
        for (java.util.Map<String, String> h : hours) {
            assertThat(h).containsEntry("ChargeCategory", "Usage").containsEntry("ChargeFrequency", "Usage-Based")
                    .containsEntry("BilledCost", "0.66").containsEntry("EffectiveCost", "0.66")
                    .containsEntry("ListUnitPrice", "0.66").containsEntry("PricingQuantity", "1")
                    .containsEntry("ListCost", "0.66").containsEntry("ContractedCost", "0.66")
                    .containsEntry("PricingUnit", "Hours").containsEntry("ConsumedQuantity", "1")
                    .containsEntry("SkuMeter", "Compute Usage").containsEntry("ResourceId", ppu)
                    .containsEntry("RegionId", Fixture.REGION).containsEntry("ServiceName", "it")
                    .containsEntry("ServiceCategory", "Other").containsEntry("x_BillingMode", "PAY_PER_USE")
                    .containsEntry("x_CashAmount", "0.66").containsEntry("ChargeDescription",
                            "1 Hours of " + spec + " by " + ppu);
            assertThat(h.get("ChargeClass")).isNull();
            assertThat(h.get("Tags")).isNull();
            // the spec's details, FOCUS keys where they fit
            assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(h.get("SkuPriceDetails"))
                    .path("InstanceType").asString()).isEqualTo(spec);
        }
        // The late delete's -0.33 (half of 0.66) is a Credit row: all four costs -0.33, no pricing.
        java.util.Map<String, String> credited = focus.stream()
                .filter(r -> "ADJUSTMENT".equals(r.get("x_RecordType"))).findFirst().orElseThrow();
        assertThat(credited).containsEntry("ChargeCategory", "Credit").containsEntry("ChargeFrequency", "One-Time")
                .containsEntry("BilledCost", "-0.33").containsEntry("EffectiveCost", "-0.33")
                .containsEntry("ListCost", "-0.33").containsEntry("ContractedCost", "-0.33")
                .containsEntry("x_AdjustsPeriodStart", day + "T03:00:00Z")
                .containsEntry("ChargeDescription", "Credit for " + ppu + " (COMPUTE): CREDIT");
        assertThat(credited.get("PricingQuantity")).isNull();

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

    /** A usage-metered bucket whose meter bills 0.35 a GB, no free quota; returns {bucket, meter}. */
    private String[] bucket(Fixture.CustomerKeys c, Instant createdAt) {
        String type = "it.bcb." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", OPERATOR_KEY, Map.of("code", type, "serviceType", "it-evs",
                "name", "test bucket", "metering", "USAGE", "specKind", "STORAGE")), 201);
        String meter = "it.bcm." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/meters", OPERATOR_KEY, Map.of("code", meter, "resourceType", type,
                "name", meter, "quantityUnit", "byte", "priceUnit", "GB", "measure", "COUNT",
                "unitSize", "1000000000")), 201);
        fx.expect(api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, Map.of("meterCode", meter, "region",
                Fixture.REGION, "currency", "CNY", "model", "FLAT", "tiers", List.of(Map.of("unitPrice", "0.35")),
                "effectiveFrom", "2029-01-01T00:00:00Z")), 201);
        String bucket = "b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", bucket, c, createdAt, Map.of("resourceType", type, "region", Fixture.REGION)),
                201);
        return new String[] {bucket, meter};
    }

    private void usage(Fixture.CustomerKeys c, String[] bucket, String bytes, Instant from) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordId", "u-" + UUID.randomUUID());
        r.put("customerId", c.id());
        r.put("resourceId", bucket[0]);
        r.put("meter", bucket[1]);
        r.put("quantity", bytes);
        r.put("windowStart", from.toString());
        r.put("windowEnd", from.plusSeconds(60).toString());
        Api.Response res = api.post("/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", List.of(r)));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("results").get(0).path("status").asString()).as(res.body()).isEqualTo("ACCEPTED");
    }

    private JsonNode statement(Fixture.CustomerKeys c, String month) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/statements/" + month, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theLastHourSettledOnTheFirstStaysInTheOldMonthAndTheStatementIsFinalThenLateUsageAdjustsTheNextMonth() {
        Instant m = nextMonthStart();
        fx.advanceTo(at(m, "09:00"));
        Fixture.CustomerKeys c = fx.customer();
        String statementMonth = month(m);
        assertThat(api.get("/api/v1/customers/" + c.id() + "/statements/" + statementMonth, c.financeKey()).code())
                .isEqualTo("unknown-statement");
        fx.expect(fx.topUp(c, "100.00"), 201);
        String[] b = bucket(c, at(m, "09:00"));
        Instant next = m.atZone(Fixture.ZONE).toLocalDate().plusMonths(1).atStartOfDay(Fixture.ZONE).toInstant();
        Instant lastHour = next.minusSeconds(3600);
        fx.advanceTo(lastHour.plusSeconds(1800));
        usage(c, b, "1000000000", lastHour);
        // Settled at 00:05 on the 1st: the line belongs to the old month, whose hour it bills.
        fx.advanceTo(next.plusSeconds(600));
        List<JsonNode> old = lines(c, "month=" + statementMonth);
        assertThat(old).hasSize(1);
        // 1 GB x 0.35 = 0.35.
        assertThat(dec(old.get(0), "chargedAmount")).isEqualByComparingTo("0.35");
        assertThat(lines(c, "month=" + month(next))).isEmpty();
        JsonNode oldSummary = api.get("/api/v1/customers/" + c.id() + "/bills/summary?month=" + statementMonth,
                c.financeKey()).json();
        assertThat(dec(oldSummary.path("total"), "due")).isEqualByComparingTo("0.35");

        // Before the statement day (the 3rd) nothing is final; at 00:00 on the 3rd the job finalises it.
        fx.advanceTo(at(next.plus(java.time.Duration.ofDays(1)), "12:00"));
        assertThat(api.get("/api/v1/customers/" + c.id() + "/statements/" + statementMonth, c.financeKey()).code())
                .isEqualTo("unknown-statement");
        Instant statementDay = next.plus(java.time.Duration.ofDays(2));
        fx.advanceTo(statementDay.plusSeconds(600));
        JsonNode first = statement(c, statementMonth);
        assertThat(first.path("number").asString()).isEqualTo("ST-" + c.id() + "-" + statementMonth);
        JsonNode bal = first.path("balances");
        // Opening 0.00 (a new customer); charges 0.35; payments 100.00; closing 0 - 0.35 + 100.00 = 99.65.
        assertThat(dec(bal, "opening")).isEqualByComparingTo("0.00");
        assertThat(dec(bal, "charges")).isEqualByComparingTo("0.35");
        assertThat(dec(bal, "payments")).isEqualByComparingTo("100.00");
        assertThat(dec(bal, "refunds")).isEqualByComparingTo("0.00");
        assertThat(dec(bal, "adjustments")).isEqualByComparingTo("0.00");
        assertThat(dec(bal, "closing")).isEqualByComparingTo("99.65");
        assertThat(dec(bal, "arrears")).isEqualByComparingTo("0.00");
        assertThat(dec(first.path("bill"), "amountDue")).isEqualByComparingTo("0.35");
        // The month's FOCUS rows all name the statement as their invoice, and their BilledCost adds up to its
        // charges less its refunds: 0.35 - 0.00.
        List<java.util.Map<String, String>> focus = fx.focus(c, statementMonth);
        assertThat(focus).isNotEmpty().allMatch(r -> first.path("number").asString().equals(r.get("InvoiceId")));
        assertThat(Fixture.sumOf(focus, "BilledCost")).isEqualByComparingTo(dec(bal, "charges").subtract(dec(bal, "refunds")));

        // Immutable: the database refuses to change or remove it.
        assertThatThrownBy(() -> jdbc.update("update billing_statement set charges = 0 where number = ?",
                first.path("number").asString())).hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("delete from billing_statement where number = ?",
                first.path("number").asString())).hasMessageContaining("immutable");

        // Downloads: CSV with the figures, and a PDF that is a PDF and holds them.
        Api.Response csv = api.get("/api/v1/customers/" + c.id() + "/statements/" + statementMonth + "/csv",
                c.financeKey());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("number,customer_id,month").contains(",0.00,0.35,100.00,0.00,0.00,99.65,0.00,");
        byte[] pdf = bytes("/api/v1/customers/" + c.id() + "/statements/" + statementMonth + "/pdf", c.financeKey());
        PdfCheck.assertValid(pdf);
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("(Statement ST-" + c.id() + "-" + statementMonth + ")")
                .contains("Closing balance: 99.65 CNY").contains("Charges: 0.35 CNY")
                .contains("Payments \\(top-ups\\): 100.00 CNY");

        // Late usage for the finalised month's last hour: an adjustment in the open hour of the next month.
        usage(c, b, "2000000000", lastHour.plusSeconds(60));
        fx.settleThrough(clock.instant());
        assertThat(lines(c, "month=" + statementMonth)).hasSize(1);
        List<JsonNode> adjustments = lines(c, "month=" + month(next));
        assertThat(adjustments).hasSize(1);
        // 2 GB x 0.35 = 0.70, naming the hour it corrects.
        assertThat(adjustments.get(0).path("recordType").asString()).isEqualTo("ADJUSTMENT");
        assertThat(dec(adjustments.get(0), "chargedAmount")).isEqualByComparingTo("0.70");
        assertThat(Instant.parse(adjustments.get(0).path("adjustsHour").asString())).isEqualTo(lastHour);
        assertThat(statement(c, statementMonth).toString()).isEqualTo(first.toString());
        // Nothing can bill a line into the finalised month: the fee records' insert is refused.
        assertThatThrownBy(() -> jdbc.update("insert into settlement_fee_record (customer_id, resource_id, "
                + "resource_type, meter, spec_code, region, billing_mode, hour_start, line_no, period_start, period_end, "
                + "usage_seconds, quantity, usage_quantity, unit, unit_price, price_id, price_version, currency, "
                + "list_amount, discount_amount, amount, charged_amount, truncated_amount, cash_amount, arrears_amount, "
                + "enterprise_project, tags, settled_at, kind, coupon_amount, credit_amount) select customer_id, "
                + "resource_id, resource_type, meter, spec_code, region, billing_mode, hour_start, 99, period_start, "
                + "period_end, usage_seconds, quantity, usage_quantity, unit, unit_price, price_id, price_version, "
                + "currency, list_amount, discount_amount, amount, charged_amount, truncated_amount, cash_amount, "
                + "arrears_amount, enterprise_project, tags, settled_at, kind, coupon_amount, credit_amount "
                + "from settlement_fee_record where id = ?", old.get(0).path("id").asLong()))
                .hasMessageContaining("statement is final");

        // The next month's statement opens with the old closing: 99.65 - 0.70 = 98.95.
        Instant after = next.atZone(Fixture.ZONE).toLocalDate().plusMonths(1).atStartOfDay(Fixture.ZONE).toInstant();
        fx.advanceTo(after.plus(java.time.Duration.ofDays(2)).plusSeconds(600));
        JsonNode second = statement(c, month(next)).path("balances");
        assertThat(dec(second, "opening")).isEqualByComparingTo("99.65");
        assertThat(dec(second, "charges")).isEqualByComparingTo("0.70");
        assertThat(dec(second, "closing")).isEqualByComparingTo("98.95");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/statements/2026-13", c.financeKey()).code())
                .isEqualTo("invalid-month");
    }

    @Test
    void aLateStartDatedInAFinalisedMonthBillsThoseHoursAsAdjustmentsInTheOpenMonth() {
        Instant m = nextMonthStart();
        Fixture.CustomerKeys c = customerAt9(m, "100.00");
        String spec = prepaid().computeSpec("0.66", "30.00", "365.00");
        Instant next = m.atZone(Fixture.ZONE).toLocalDate().plusMonths(1).atStartOfDay(Fixture.ZONE).toInstant();
        // Created at 10:00 and stopped at 11:00 on the 1st at 0.66 an hour (the spec's price).
        fx.advanceTo(at(m, "10:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(m, "10:00"));
        fx.advanceTo(at(m, "11:00"));
        fx.expect(fx.event("STOPPED", r, c, at(m, "11:00"), Map.of()), 201);
        // The month's statement is final on the 3rd of the next month.
        Instant statementDay = next.plus(java.time.Duration.ofDays(2));
        fx.advanceTo(statementDay.plusSeconds(600));
        String statementMonth = month(m);
        JsonNode first = statement(c, statementMonth);
        // Charges: 1 hour x 0.66 = 0.66.
        assertThat(dec(first.path("balances"), "charges")).isEqualByComparingTo("0.66");
        // On the 4th at 00:30 a STARTED arrives, dated 22:00 on the last day of the finalised month.
        Instant lastDay22 = next.minusSeconds(2 * 3600);
        fx.advanceTo(statementDay.plus(java.time.Duration.ofDays(1)).plusSeconds(1800));
        fx.expect(fx.event("STARTED", r, c, lastDay22, Map.of()), 201);
        fx.settleThrough(clock.instant());
        // The finalised month keeps its one line; its hours 22:00 and 23:00 come as two ADJUSTMENT lines of
        // 1 hour x 0.66 = 0.66 each in the open month, naming the hours they bill. settleThrough(00:30) runs to
        // 01:10, so the open month bills the 1st-3rd and hour 00:00 of the 4th as usage:
        // 3 x 24 + 1 = 73 hours x 0.66 = 48.18.
        assertThat(lines(c, "month=" + statementMonth)).hasSize(1);
        List<JsonNode> open = lines(c, "month=" + month(next) + "&limit=200");
        List<JsonNode> adjustments = ofType(open, "ADJUSTMENT");
        assertThat(adjustments).hasSize(2);
        assertThat(adjustments.stream().map(a -> Instant.parse(a.path("adjustsHour").asString())).toList())
                .containsExactlyInAnyOrder(lastDay22, lastDay22.plusSeconds(3600));
        assertThat(adjustments).allSatisfy(a -> assertThat(dec(a, "chargedAmount")).isEqualByComparingTo("0.66"));
        List<JsonNode> usage = ofType(open, "USAGE");
        assertThat(usage).hasSize(73);
        assertThat(usage.stream().map(u -> dec(u, "amount")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("48.18");
        assertThat(usage).allSatisfy(u -> assertThat(Instant.parse(u.path("periodStart").asString())).isAfterOrEqualTo(next));
        assertThat(statement(c, statementMonth).toString()).isEqualTo(first.toString());
    }

    /** A new customer with {@code topUp} paid in, the clock at 09:00 on the first day of the month {@code m}. */
    private Fixture.CustomerKeys customerAt9(Instant m, String topUp) {
        fx.advanceTo(at(m, "09:00"));
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, topUp), 201);
        return c;
    }

    private byte[] bytes(String path, String key) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(api.builder(path, key).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> daily(Fixture.CustomerKeys c, LocalDate from, LocalDate to, String resourceId,
                                 String view) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/costs/daily?from=" + from + "&to=" + to
                + "&resourceId=" + resourceId + "&view=" + view, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    @Test
    void aYearlyOrderIsAmortizedAtOneADayAndItsRefundIsNegativeOnTheUnsubscriptionDayWithNothingAfter() {
        Instant d = fx.nextDay();
        fx.advanceTo(at(d, "10:00"));
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String type = prepaidType();
        String spec = prepaid().computeSpec("0.66", "100.00", "365.00");
        JsonNode yearly = buy(c, type, spec, "YEAR", false).json();
        JsonNode monthly = buy(c, type, spec, "MONTH", false).json();
        String y = yearly.path("resourceId").asString();
        LocalDate day = d.atZone(Fixture.ZONE).toLocalDate();

        // A year from day D 10:00 ends D+1y 23:59:59: its whole days are D+1 .. D+1y (365 or 366 with a 29 Feb).
        LocalDate firstDay = day.plusDays(1);
        LocalDate endDay = day.plusYears(1).plusDays(1);
        long yearDays = endDay.toEpochDay() - firstDay.toEpochDay();
        List<JsonNode> amortized = daily(c, day, day.plusDays(30), y, "AMORTIZED");
        // 36500 cents over 365 days = 100 cents a day: 1.00 from D+1 (D is only partly used and carries none).
        if (yearDays == 365) {
            assertThat(amortized).hasSize(29);
            assertThat(amortized).allMatch(n -> new BigDecimal(n.path("cost").asString()).compareTo(BigDecimal.ONE) == 0);
        }
        assertThat(LocalDate.parse(amortized.get(0).path("day").asString())).isEqualTo(firstDay);
        List<JsonNode> original = daily(c, day, day.plusDays(30), y, "ORIGINAL");
        // Originally the whole 365.00 falls on the day it was paid.
        assertThat(original).hasSize(1);
        assertThat(new BigDecimal(original.get(0).path("cost").asString())).isEqualByComparingTo("365.00");

        // A month of 100.00: N whole days; 10000 cents = N x q + r, the first r days q + 1 cents, the others q.
        String mo = monthly.path("resourceId").asString();
        LocalDate monthEnd = day.plusMonths(1).plusDays(1);
        int n = (int) (monthEnd.toEpochDay() - firstDay.toEpochDay());
        List<JsonNode> spread = daily(c, day, monthEnd.plusDays(3), mo, "AMORTIZED");
        assertThat(spread).hasSize(n);
        long q = 10000 / n;
        long r = 10000 % n;
        for (int i = 0; i < n; i++) {
            assertThat(new BigDecimal(spread.get(i).path("cost").asString()))
                    .isEqualByComparingTo(BigDecimal.valueOf(i < r ? q + 1 : q, 2));
        }
        assertThat(Fixture.sum(spread, "cost")).isEqualByComparingTo("100.00");

        // Unsubscribed on D+10 (past the five-day window): the refund R is negative cost that day, where the
        // unamortized remainder of the year (365.00 - 9 days x 1.00 = 356.00 when the year has 365 days) is
        // recognised; nothing after.
        Instant unsubscribeAt = at(d.plus(java.time.Duration.ofDays(10)), "10:00");
        fx.advanceTo(unsubscribeAt);
        JsonNode refund = post(c, "/subscriptions/" + y + "/unsubscribe", null).json();
        BigDecimal refunded = dec(refund, "refundAmount");
        assertThat(refunded.signum()).isPositive();
        List<JsonNode> after = daily(c, day, day.plusDays(60), y, "AMORTIZED");
        LocalDate unsubscribeDay = day.plusDays(10);
        assertThat(after).hasSize(10);
        assertThat(LocalDate.parse(after.get(9).path("day").asString())).isEqualTo(unsubscribeDay);
        if (yearDays == 365) {
            assertThat(new BigDecimal(after.get(9).path("cost").asString()))
                    .isEqualByComparingTo(new BigDecimal("356.00").subtract(refunded));
        }
        // Over the whole life the amortized cost is what the customer kept: 365.00 - R.
        assertThat(Fixture.sum(after, "cost")).isEqualByComparingTo(new BigDecimal("365.00").subtract(refunded));
        // In FOCUS the refund row returns the value given up with the handling fee in it, and the fee is an
        // Adjustment row of its own: -(R + fee) + fee = -R billed, as the statement has it.
        String refundMonth = month(unsubscribeAt);
        List<java.util.Map<String, String>> rows = fx.focus(c, refundMonth).stream()
                .filter(f -> ("term:" + refund.path("id").asLong()).equals(f.get("ResourceId"))).toList();
        List<JsonNode> refundLines = lines(c, "month=" + refundMonth + "&recordType=REFUND").stream()
                .filter(l -> l.path("orderId").asLong() == refund.path("id").asLong()).toList();
        assertThat(refundLines).hasSize(1);
        BigDecimal fee = dec(refundLines.get(0), "handlingFee");
        assertThat(fee.signum()).isPositive(); // unsubscribed in use, past the five days: a fee is kept
        java.util.Map<String, String> feeRow = rows.stream().filter(f -> "Adjustment".equals(f.get("ChargeCategory")))
                .findFirst().orElseThrow();
        assertThat(new BigDecimal(feeRow.get("BilledCost"))).isEqualByComparingTo(fee);
        assertThat(new BigDecimal(feeRow.get("EffectiveCost"))).isEqualByComparingTo(fee);
        java.util.Map<String, String> returned = rows.stream().filter(f -> "Purchase".equals(f.get("ChargeCategory")))
                .findFirst().orElseThrow();
        assertThat(new BigDecimal(returned.get("BilledCost"))).isEqualByComparingTo(refunded.add(fee).negate());
        assertThat(Fixture.sumOf(rows, "BilledCost")).isEqualByComparingTo(refunded.negate());
        List<JsonNode> originalAfter = daily(c, day, day.plusDays(60), y, "ORIGINAL");
        assertThat(originalAfter).hasSize(2);
        assertThat(new BigDecimal(originalAfter.get(1).path("cost").asString())).isEqualByComparingTo(refunded.negate());
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/daily?from=2030-01-02&to=2030-01-01",
                c.financeKey()).code()).isEqualTo("invalid-range");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/daily?from=x&to=2030-01-01", c.financeKey())
                .code()).isEqualTo("invalid-date");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/daily?from=2030-01-01&to=2030-01-02&view=NET",
                c.financeKey()).code()).isEqualTo("invalid-filter");
    }
}
