package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.console.Browser;
import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.Role;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The cost centre in a real browser, checked against the REST API: the cost analysis chart holds
 * the API's series (and its filter narrows them); a budget is created and edited from the form and
 * shows its progress; an anomaly a monitor found is dismissed; advice shows its saving and is
 * dismissed. Every page passes axe-core.
 */
class CostConsoleIT extends IntegrationTest {
    static final String PASSWORD = "cost-console-password";
    @Autowired
    ConsoleUserService users;

    private String user(Role role, Fixture.CustomerKeys c) {
        String email = role.name().toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@it.example";
        users.create(email, PASSWORD, role, c.id(), null);
        return email;
    }

    /** The chart's series as drawn by Chart.js: label to the figures per x label. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, BigDecimal>> drawn(Browser b) {
        b.chartDrawn("cost-chart");
        List<String> labels = (List<String>) b.js("return Chart.getChart('cost-chart').data.labels");
        List<List<Object>> sets = (List<List<Object>>) b.js("return Chart.getChart('cost-chart').data.datasets"
                + ".map(s => [s.label, s.data.map(v => String(v))])");
        Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
        for (List<Object> s : sets) {
            List<String> data = (List<String>) s.get(1);
            Map<String, BigDecimal> points = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                points.put(labels.get(i), new BigDecimal(data.get(i)));
            }
            out.put((String) s.get(0), points);
        }
        return out;
    }

    /** The same from the API's rows, summed by resource and day (an independent pivot of the JSON). */
    private Map<String, Map<String, BigDecimal>> api(Fixture.CustomerKeys c, String query) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/costs/analysis?" + query, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
        for (JsonNode row : r.json().path("rows")) {
            out.computeIfAbsent(row.path("keys").path("resource").asString(), k -> new LinkedHashMap<>())
                    .merge(row.path("period").asString(), new BigDecimal(row.path("cost").asString()), BigDecimal::add);
        }
        return out;
    }

    private static Map<String, Map<String, BigDecimal>> normalised(Map<String, Map<String, BigDecimal>> m) {
        Map<String, Map<String, BigDecimal>> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            Map<String, BigDecimal> points = new java.util.TreeMap<>();
            v.forEach((p, x) -> {
                if (x.signum() != 0) {
                    points.put(p, x.stripTrailingZeros());
                }
            });
            out.put(k, points);
        });
        return out;
    }

    @Test
    void theChartHoldsTheApiSeriesAndABudgetIsCreatedAndEdited() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String fast = fx.computeSpec("2.00");
        String slow = fx.computeSpec("1.50");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String a = fx.create(c, "it.compute", fast, 1, at(day, "08:00"));
        String b2 = fx.create(c, "it.compute", slow, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "11:00"));
        fx.expect(fx.event("DELETED", b2, c, at(day, "10:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", a, c, at(day, "11:00"), Map.of()), 201);
        fx.settleThrough(at(day, "11:00"));
        LocalDate d = day.atZone(Fixture.ZONE).toLocalDate();
        String query = "from=" + d + "&to=" + d.plusDays(1) + "&groupBy=resource&view=ORIGINAL";
        try (Browser b = Browser.open(port)) {
            b.signIn(user(Role.CUSTOMER_FINANCE, c), PASSWORD);
            b.go("/console/customers/" + c.id() + "/cost/analysis?" + query);
            assertThat(b.h1()).isEqualTo("Cost analysis");
            // 3 hours x 2.00 = 6.00 and 2 hours x 1.50 = 3.00, stacked on one day
            assertThat(b.text("#total")).isEqualTo("9.00 CNY");
            Map<String, Map<String, BigDecimal>> chart = drawn(b);
            assertThat(normalised(chart)).isEqualTo(normalised(api(c, query)))
                    .isEqualTo(normalised(Map.of(a, Map.of(d.toString(), new BigDecimal("6.00")),
                            b2, Map.of(d.toString(), new BigDecimal("3.00")))));
            assertThat((Boolean) b.js("return Chart.getChart('cost-chart').options.scales.y.stacked")).isTrue();
            b.accessible().screenshot("cost-analysis");
            // a filter from the form: only the fast resource is left
            b.fill("filter-new", "resource=" + a).click("form.filters button[type=submit]");
            assertThat(normalised(drawn(b))).isEqualTo(normalised(api(c, query + "&filter=resource=" + a)))
                    .containsOnlyKeys(a);
            // only the fast resource: 3 hours x 2.00
            assertThat(b.text("#total")).isEqualTo("6.00 CNY");
            assertThat(b.find("#filter-0").getAttribute("value")).isEqualTo("resource=" + a);

            b.go("/console/customers/" + c.id() + "/cost/budgets");
            assertThat(b.text("main .empty")).contains("No budgets yet");
            b.accessible();
            b.fill("name", "ML monthly").fill("amount", "100.00").fill("threshold-0", "80")
                    .click("#create-budget button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Budget 'ML monthly' created");
            JsonNode created = api.get("/api/v1/customers/" + c.id() + "/budgets", c.financeKey()).json().get(0);
            // the budget as entered: 100.00 a month
            assertThat(created.path("amount").asString()).isEqualTo("100.00");
            assertThat(created.path("period").asString()).isEqualTo("MONTHLY");
            assertThat(created.path("thresholds").toString()).isEqualTo("[{\"percent\":\"80.00\",\"basis\":\"ACTUAL\"},"
                    + "{\"percent\":\"100.00\",\"basis\":\"FORECAST\"}]");
            long id = created.path("id").asLong();
            // this month so far: the 9.00 above, 9.00 / 100.00 = 9.00%
            assertThat(b.text("#budget-" + id + " .actual")).isEqualTo("9.00 CNY");
            assertThat(b.text("#budget-" + id + " .actual-percent")).isEqualTo("9.00% actual");
            assertThat(b.text("#budget-" + id + " .forecast")).endsWith("CNY");
            b.accessible().screenshot("budgets");
            b.click("#budget-" + id + " a");
            assertThat(b.h1()).isEqualTo("Edit budget");
            b.accessible();
            b.fill("amount", "50.00").click("#edit-budget button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Budget 'ML monthly' saved");
            // 9.00 / 50.00 = 18.00%
            assertThat(b.text("#budget-" + id + " .actual-percent")).isEqualTo("18.00% actual");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/budgets/" + id, c.financeKey()).json()
                    .path("amount").asString()).isEqualTo("50.00");
            // a refusal says why and changes nothing
            b.click("#budget-" + id + " a");
            b.fill("amount", "-5").click("#edit-budget button[type=submit]");
            assertThat(b.find(".alert.error").getText()).contains("(");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/budgets/" + id, c.financeKey()).json()
                    .path("amount").asString()).isEqualTo("50.00");
        }
    }

    @Test
    void anAnomalyIsDismissedAndAdviceShowsItsSaving() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(d);
        String type = "it.cc." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "cost console type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)),
                201);
        String spec = new PrepaidFixture(api, fx).computeSpec("0.66", "100.00", null);
        String steady = fx.create(c, type, spec, 1, d);
        try (Browser b = Browser.open(port)) {
            b.signIn(user(Role.CUSTOMER_ADMIN, c), PASSWORD);
            b.go("/console/customers/" + c.id() + "/cost/anomalies");
            assertThat(b.text("main .empty")).contains("No monitors");
            b.fill("name", "every service").fill("scope", "SERVICES").click("form.stack button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Monitor 'every service' added");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey()).json().size())
                    .isEqualTo(1);

            // fourteen days of 24 x 0.66 = 15.84, then a second node for the whole 15th: 31.68, twice the usual
            Instant spikeDay = d.plus(Duration.ofDays(14));
            fx.settleThrough(spikeDay);
            String spike = fx.create(c, type, spec, 1, spikeDay);
            fx.advanceTo(spikeDay.plus(Duration.ofDays(1)));
            fx.expect(fx.event("DELETED", spike, c, spikeDay.plus(Duration.ofDays(1)), Map.of()), 201);
            fx.settleThrough(spikeDay.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
            JsonNode found = api.get("/api/v1/customers/" + c.id() + "/anomalies", c.financeKey()).json();
            assertThat(found.size()).isEqualTo(1);
            long anomaly = found.get(0).path("id").asLong();

            b.go("/console/customers/" + c.id() + "/cost/anomalies");
            String row = "#anomaly-" + anomaly;
            assertThat(b.text(row)).contains("CRITICAL").contains("31.68 CNY").contains("15.84 CNY");
            b.accessible().screenshot("anomalies");
            b.click(row + " button.dismiss");
            assertThat(b.text(".alert.ok")).contains("dismissed");
            assertThat(b.text(row + " .status")).isEqualTo("DISMISSED");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/anomalies", c.financeKey()).json().get(0)
                    .path("status").asString()).isEqualTo("DISMISSED");

            b.go("/console/customers/" + c.id() + "/cost/advice?lookbackDays=7");
            // 0.66 x 730 hours = 481.80 a month on demand against 100.00 on a monthly term: 381.80
            JsonNode advice = api.get("/api/v1/customers/" + c.id() + "/advice?lookbackDays=7", c.financeKey()).json();
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode x : advice) {
                total = total.add(new BigDecimal(x.path("monthlySaving").asString()));
            }
            assertThat(b.text("#advice")).contains(steady).contains("381.80 CNY");
            assertThat(b.text("#saving")).isEqualTo(total.setScale(2) + " CNY");
            b.accessible().screenshot("advice");
            b.click("#advice tbody tr:first-child button");
            assertThat(b.text(".alert.ok")).contains("dismissed");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/advice?lookbackDays=7", c.financeKey()).json().size())
                    .isEqualTo(advice.size() - 1);
        }
        fx.expect(fx.event("DELETED", steady, c, clock.instant(), Map.of()), 201); // nothing left running
    }
}
