package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The price calculator over HTTP: pay-per-use and prepaid quotes, the comparison, and bad input. */
class QuoteIT extends IntegrationTest {
    private PrepaidFixture prepaid;
    private String t4;

    @BeforeEach
    void catalog() {
        prepaid = new PrepaidFixture(api, fx);
        // The demo's T4 prices: 6.30 an hour, 3402.00 a month (540 h), 34020.00 a year (10 months).
        t4 = prepaid.computeSpec("6.30", "3402.00", "34020.00");
    }

    private static Map<String, Object> body(String spec, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("specCode", spec);
        m.put("region", Fixture.REGION);
        m.put("currency", "CNY");
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    private JsonNode ok(String path, Map<String, Object> body, String key) {
        Api.Response r = api.post("/api/v1/quotes/" + path, key, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void payPerUseQuotesAnyDurationAtThePriceInForce() {
        String finance = fx.customer().financeKey();
        JsonNode q = ok("pay-per-use", body(t4, "nodes", 2, "duration", "PT90M"), finance);
        // 5400 s = 1.5 h x 2 nodes = 3 node-hours x 6.30 = 18.90
        assertThat(q.path("hours").asString()).isEqualTo("1.5000000000");
        assertThat(q.path("usage").asString()).isEqualTo("3.0000000000");
        assertThat(q.path("amount").asString()).isEqualTo("18.90000000");
        assertThat(q.path("chargedAmount").asString()).isEqualTo("18.90");
        PrepaidFixture.assertPrice(q.path("price"), "HOUR", "6.3000000000", 1);
        // The same duration in decimal hours gives the same quote.
        assertThat(ok("pay-per-use", body(t4, "nodes", 2, "duration", "1.5"), finance)).isEqualTo(q);
        // A disk: 1000 GB for 25,874 s = 7.1872222222 h x 1000 = 7187.2222222 GB-h x 0.000064 = 0.45998222 -> 0.46
        JsonNode disk = ok("pay-per-use", body("it.disk", "sizeGb", 1000, "duration", "PT25874S"), finance);
        assertThat(disk.path("amount").asString()).isEqualTo("0.45998222");
        assertThat(disk.path("chargedAmount").asString()).isEqualTo("0.46");
        assertThat(disk.path("quantity").asInt()).isEqualTo(1000);
    }

    @Test
    void prepaidQuotesMonthsAndYears() {
        String admin = fx.customer().adminKey();
        JsonNode months = ok("prepaid", body(t4, "nodes", 2, "term", "P3M"), admin);
        // 3402.00 x 2 nodes x 3 months = 20412.00
        PrepaidFixture.assertPrice(months.path("price"), "MONTH", "3402.0000000000", 1);
        assertThat(months.path("periods").asInt()).isEqualTo(3);
        assertThat(months.path("listAmount").asString()).isEqualTo("20412.00000000");
        assertThat(months.path("amount").asString()).isEqualTo("20412.00");
        assertThat(months.path("termDiscount").asString()).isEqualTo("0.00000000");

        JsonNode year = ok("prepaid", body(t4, "nodes", 2, "term", "P1Y"), admin);
        // 34020.00 x 2 nodes x 1 year = 68040.00; 12 months at 3402.00 x 2 = 81648.00, so the term saves 13608.00
        PrepaidFixture.assertPrice(year.path("price"), "YEAR", "34020.0000000000", 1);
        assertThat(year.path("amount").asString()).isEqualTo("68040.00");
        assertThat(year.path("termDiscount").asString()).isEqualTo("13608.00000000");
        assertThat(year.path("derivedFromMonthly").asBoolean()).isFalse();

        // Without a YEAR price, a year is 12 months: 1080.00 x 1 node x 24 months = 25920.00
        String monthlyOnly = prepaid.computeSpec("2.00", "1080.00", null);
        JsonNode twoYears = ok("prepaid", body(monthlyOnly, "term", "P2Y"), admin);
        PrepaidFixture.assertPrice(twoYears.path("price"), "MONTH", "1080.0000000000", 1);
        assertThat(twoYears.path("periods").asInt()).isEqualTo(24);
        assertThat(twoYears.path("derivedFromMonthly").asBoolean()).isTrue();
        assertThat(twoYears.path("amount").asString()).isEqualTo("25920.00");

        // Storage per GB-month: 500 GB x 0.03456 x 3 months = 51.84
        String ssd = prepaid.storageSpec("0.000064", "0.03456", "0.3456");
        JsonNode disk = ok("prepaid", body(ssd, "sizeGb", 500, "term", "P3M"), admin);
        PrepaidFixture.assertPrice(disk.path("price"), "GB_MONTH", "0.0345600000", 1);
        assertThat(disk.path("amount").asString()).isEqualTo("51.84");
        // A prepaid-allowed resource type may be named; it must fit the spec.
        String pool = "it.pool." + java.util.UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid.resourceType(pool, true), 201);
        assertThat(ok("prepaid", body(t4, "nodes", 2, "term", "P1Y", "resourceType", pool), admin)).isEqualTo(year);
    }

    @Test
    void theComparisonGivesTheMonthlySavingAndTheBreakEven() {
        JsonNode c = ok("comparison", body(t4, "nodes", 1, "hoursPerMonth", "500"), OPERATOR_KEY);
        // pay-per-use 6.30 x 500 h = 3150.00 a month
        assertThat(c.path("payPerUse").path("monthlyCost").asString()).isEqualTo("3150.00000000");
        // a 1-month term costs 3402.00: 252.00 more; it pays from 3402 / 6.30 = 540 h a month, 540 / 730 = 0.7397
        JsonNode month = c.path("monthlyTerm");
        assertThat(month.path("monthlyCost").asString()).isEqualTo("3402.00000000");
        assertThat(month.path("monthlySaving").asString()).isEqualTo("-252.00000000");
        assertThat(month.path("breakEvenHoursPerMonth").asString()).isEqualTo("540.00");
        assertThat(month.path("breakEvenShareOfMonth").asString()).isEqualTo("0.7397");
        // a 1-year term: 34020 / 12 = 2835.00 a month, saves 315.00; pays from 2835 / 6.30 = 450 h, 450 / 730 = 0.6164
        JsonNode year = c.path("yearlyTerm");
        assertThat(year.path("monthlyCost").asString()).isEqualTo("2835.00000000");
        assertThat(year.path("monthlySaving").asString()).isEqualTo("315.00000000");
        assertThat(year.path("breakEvenHoursPerMonth").asString()).isEqualTo("450.00");
        assertThat(year.path("breakEvenShareOfMonth").asString()).isEqualTo("0.6164");
        assertThat(c.path("cheapest").asString()).isEqualTo("YEARLY_TERM");
        // The default pattern is a full month of 730 h: 6.30 x 730 x 3 nodes = 13797.00
        JsonNode full = ok("comparison", body(t4, "nodes", 3), OPERATOR_KEY);
        assertThat(full.path("hoursPerMonth").asString()).isEqualTo("730");
        assertThat(full.path("payPerUse").path("monthlyCost").asString()).isEqualTo("13797.00000000");
        // 13797.00 - 3 x 2835.00 = 13797.00 - 8505.00 = 5292.00
        assertThat(full.path("yearlyTerm").path("monthlySaving").asString()).isEqualTo("5292.00000000");
    }

    @Test
    void badQuestionsGetProblemsAndWriteNothing() {
        String payPerUseOnly = fx.computeSpec("1.00");
        java.util.Map<String, Long> before = rowCounts();
        refused("prepaid", body(t4, "term", "P0M"), 400, "invalid-term");
        refused("prepaid", body(t4, "term", "P13M"), 400, "invalid-term");
        refused("prepaid", body(t4, "term", "P12M"), 400, "invalid-term");
        refused("prepaid", body(t4, "term", "P4Y"), 400, "invalid-term");
        refused("prepaid", body(t4), 400, "missing-field");
        refused("pay-per-use", body(t4, "nodes", -2, "duration", "1"), 400, "quantity-out-of-range");
        refused("pay-per-use", body(t4, "nodes", 0, "duration", "1"), 400, "quantity-out-of-range");
        refused("pay-per-use", body(t4, "nodes", 1_000_000, "duration", "1"), 400, "quantity-out-of-range");
        refused("pay-per-use", body(t4, "sizeGb", 10, "duration", "1"), 400, "invalid-field");
        refused("pay-per-use", body("it.disk", "duration", "1"), 400, "missing-field");
        refused("pay-per-use", body(t4, "duration", "P1000000D"), 400, "invalid-duration");
        refused("pay-per-use", body(t4, "duration", "-1"), 400, "invalid-duration");
        refused("pay-per-use", body(t4, "duration", "0"), 400, "invalid-duration");
        refused("pay-per-use", body(t4, "duration", "two hours"), 400, "invalid-duration");
        refused("pay-per-use", body(t4, "nodes", "many", "duration", "1"), 400, "malformed-json");
        refused("pay-per-use", body("no.such.spec", "duration", "1"), 422, "unknown-spec");
        Map<String, Object> elsewhere = body(t4, "duration", "1");
        elsewhere.put("region", "nowhere-1");
        refused("pay-per-use", elsewhere, 422, "no-price");
        Map<String, Object> badRegion = body(t4, "duration", "1");
        badRegion.put("region", "Nowhere!");
        refused("pay-per-use", badRegion, 400, "invalid-region");
        refused("prepaid", body(payPerUseOnly, "term", "P1M"), 422, "no-price");
        refused("comparison", body(payPerUseOnly), 422, "no-price");
        refused("comparison", body(t4, "hoursPerMonth", "800"), 400, "invalid-hours-per-month");
        refused("prepaid", body(t4, "term", "P1Y", "resourceType", "it.compute"), 422, "prepaid-not-allowed");
        refused("prepaid", body(t4, "term", "P1Y", "resourceType", "it.volume"), 422, "spec-not-for-type");
        refused("prepaid", body(t4, "term", "P1Y", "resourceType", "no.such.type"), 422, "unknown-resource-type");
        assertThat(rowCounts()).isEqualTo(before);
        // Any key may ask; no key may not.
        assertThat(api.post("/api/v1/quotes/prepaid", null, body(t4, "term", "P1M")).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/quotes/prepaid", PLATFORM_KEY, body(t4, "term", "P1M")).status()).isEqualTo(200);
    }

    private void refused(String path, Map<String, Object> body, int status, String code) {
        Api.Response r = api.post("/api/v1/quotes/" + path, OPERATOR_KEY, body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(status);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theQuotesAreDocumentedWithExamples() {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");
        for (String path : new String[] {"/api/v1/quotes/pay-per-use", "/api/v1/quotes/prepaid",
                "/api/v1/quotes/comparison"}) {
            JsonNode post = paths.path(path).path("post");
            assertThat(post.path("summary").asString()).as(path).isNotBlank();
            assertThat(post.path("requestBody").path("content").path("application/json").path("examples").size())
                    .as(path).isPositive();
            assertThat(post.path("responses").path("200").path("content").path("application/json").path("examples")
                    .size()).as(path).isPositive();
            assertThat(post.toString()).as(path).doesNotContain("\"caller\"");
        }
        assertThat(paths.path("/api/v1/quotes/prepaid").toString()).contains("68040.00").contains("invalid-term");
    }
}
