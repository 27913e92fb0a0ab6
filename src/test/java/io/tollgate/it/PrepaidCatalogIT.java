package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prepaid prices per MONTH and per YEAR, versioned apart; resource types that allow prepaid purchase. */
class PrepaidCatalogIT extends IntegrationTest {
    private PrepaidFixture prepaid;

    @BeforeEach
    void prepaidFixture() {
        prepaid = new PrepaidFixture(api, fx);
    }

    private List<String> versions(String spec) {
        Api.Response r = api.get("/api/v1/catalog/specs/" + spec + "/prices", OPERATOR_KEY);
        fx.expect(r, 200);
        List<String> rows = new java.util.ArrayList<>();
        r.json().forEach(p -> rows.add(p.path("billingMode").asString() + " " + p.path("unit").asString() + " v"
                + p.path("version").asInt() + " " + p.path("unitPrice").asString()));
        return rows;
    }

    @Test
    void monthlyAndYearlyPricesAreVersionedIndependently() {
        String spec = prepaid.computeSpec("6.30", "3402.00", "34020.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "09:00"));
        // A new MONTH version at 10:00 is version 2 of the MONTH price; the YEAR price stays at version 1.
        Api.Response month2 = prepaid.publishPrepaid(spec, "MONTH", "3500.00", at(day, "10:00"));
        fx.expect(month2, 201);
        assertThat(month2.json().path("version").asInt()).isEqualTo(2);
        // The YEAR price may take a new version at the very same instant: it is another price.
        Api.Response year2 = prepaid.publishPrepaid(spec, "YEAR", "35000.00", at(day, "10:00"));
        fx.expect(year2, 201);
        assertThat(year2.json().path("version").asInt()).isEqualTo(2);
        Api.Response year3 = prepaid.publishPrepaid(spec, "YEAR", "33000.00", at(day, "11:00"));
        assertThat(year3.json().path("version").asInt()).isEqualTo(3);
        assertThat(versions(spec)).containsExactly(
                "PAY_PER_USE HOUR v1 6.3000000000",
                "YEARLY_MONTHLY MONTH v1 3402.0000000000", "YEARLY_MONTHLY MONTH v2 3500.0000000000",
                "YEARLY_MONTHLY YEAR v1 34020.0000000000", "YEARLY_MONTHLY YEAR v2 35000.0000000000",
                "YEARLY_MONTHLY YEAR v3 33000.0000000000");

        // The prices in force follow each unit's own versions (quoted for one node for a 1-month and a 1-year term).
        Map<String, Object> quote = Map.of("specCode", spec, "region", Fixture.REGION, "currency", "CNY",
                "hoursPerMonth", "730");
        JsonNode before = api.post("/api/v1/quotes/comparison", OPERATOR_KEY, quote).json();
        PrepaidFixture.assertPrice(before.path("monthlyTerm").path("price"), "MONTH", "3402.0000000000", 1);
        PrepaidFixture.assertPrice(before.path("yearlyTerm").path("price"), "YEAR", "34020.0000000000", 1);
        fx.advanceTo(at(day, "10:30"));
        JsonNode between = api.post("/api/v1/quotes/comparison", OPERATOR_KEY, quote).json();
        PrepaidFixture.assertPrice(between.path("monthlyTerm").path("price"), "MONTH", "3500.0000000000", 2);
        PrepaidFixture.assertPrice(between.path("yearlyTerm").path("price"), "YEAR", "35000.0000000000", 2);
        fx.advanceTo(at(day, "11:00"));
        JsonNode after = api.post("/api/v1/quotes/comparison", OPERATOR_KEY, quote).json();
        PrepaidFixture.assertPrice(after.path("monthlyTerm").path("price"), "MONTH", "3500.0000000000", 2);
        PrepaidFixture.assertPrice(after.path("yearlyTerm").path("price"), "YEAR", "33000.0000000000", 3);
        // The pay-per-use price never moved: 6.30 x 730 h = 4599.00 a month.
        assertThat(after.path("payPerUse").path("monthlyCost").asString()).isEqualTo("4599.00000000");
    }

    @Test
    void pricesWhoseUnitDoesNotFitTheirModeOrSpecAreRefused() {
        String spec = prepaid.computeSpec("6.30", "3402.00", null);
        Instant later = clock.instant().plusSeconds(3600);
        Map<String, Long> before = rowCounts();
        refused(prepaid.publishPrepaid(spec, "HOUR", "6.00", later), 422, "unit-not-for-mode");
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY,
                PrepaidFixture.price(spec, "PAY_PER_USE", "MONTH", "3000.00", later)), 422, "unit-not-for-mode");
        refused(prepaid.publishPrepaid(spec, "GB_MONTH", "1.00", later), 422, "unit-not-for-spec");
        refused(prepaid.publishPrepaid("it.disk", "MONTH", "1.00", later), 422, "unit-not-for-spec");
        // Pay-per-use keeps one unit across versions.
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY, Fixture.price(spec, "GB_HOUR", "1.00", later)),
                422, "unit-mismatch");
        // A later MONTH version must not reach back, nor come before the latest MONTH version.
        refused(prepaid.publishPrepaid(spec, "MONTH", "3000.00", clock.instant().minusSeconds(60)), 422,
                "price-effective-in-past");
        assertThat(rowCounts()).isEqualTo(before);
        fx.expect(prepaid.publishPrepaid(spec, "MONTH", "3000.00", later), 201);
        refused(prepaid.publishPrepaid(spec, "MONTH", "2900.00", later), 409, "price-version-order");
        // The first YEAR version may reach back: nothing was ever sold at it.
        fx.expect(prepaid.publishPrepaid(spec, "YEAR", "30000.00", PrepaidFixture.SINCE), 201);
    }

    private void refused(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
    }

    @Test
    void payPerUseSettlementIgnoresPrepaidPrices() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = prepaid.computeSpec("2.00", "1080.00", "10800.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "10:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "10:00"));
        fx.advanceTo(at(day, "10:10"));
        // New prepaid versions inside the hours being used split no pay-per-use line.
        fx.expect(prepaid.publishPrepaid(spec, "MONTH", "999.00", at(day, "11:30")), 201);
        fx.expect(prepaid.publishPrepaid(spec, "YEAR", "9990.00", at(day, "12:15")), 201);
        fx.advanceTo(at(day, "13:00"));
        fx.expect(fx.event("DELETED", r, c, at(day, "13:00"), Map.of()), 201);
        fx.settleThrough(at(day, "13:00"));

        List<JsonNode> lines = fx.feeRecords(c, day, r);
        // 3 hours x 1 node x 2.00 = 6.00, each hour one line at pay-per-use version 1
        assertThat(lines).extracting(l -> l.path("billingMode").asString()).containsOnly("PAY_PER_USE");
        assertThat(lines).extracting(l -> l.path("unit").asString()).containsOnly("HOUR");
        assertThat(lines).extracting(l -> l.path("priceVersion").asInt()).containsExactly(1, 1, 1);
        assertThat(lines).extracting(l -> l.path("chargedAmount").asString()).containsExactly("2.00", "2.00", "2.00");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("94.00");
    }

    @Test
    void resourceTypesSayWhetherTheyMayBePrepaid() {
        String pool = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        String job = "it.job." + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = prepaid.resourceType(pool, true);
        fx.expect(created, 201);
        assertThat(created.json().path("prepaidAllowed").asBoolean()).isTrue();
        Api.Response plain = prepaid.resourceType(job, null);
        fx.expect(plain, 201);
        assertThat(plain.json().path("prepaidAllowed").asBoolean()).isFalse();
        Api.Response list = api.get("/api/v1/catalog/resource-types", fx.customer().financeKey());
        fx.expect(list, 200);
        Map<String, Boolean> flags = new java.util.HashMap<>();
        list.json().forEach(t -> flags.put(t.path("code").asString(), t.path("prepaidAllowed").asBoolean()));
        assertThat(flags).containsEntry(pool, true).containsEntry(job, false).containsEntry("it.compute", false);
        assertThat(jdbc.queryForObject("select prepaid_allowed from catalog_resource_type where code = ?",
                Boolean.class, pool)).isTrue();
    }
}
