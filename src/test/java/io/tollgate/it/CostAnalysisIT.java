package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cost analysis over the cost centre's aggregate (docs/cost.md): original and amortized views,
 * group-by and filters (tags with the untagged, projects, modes, usage), month totals equal to the
 * month summary, presets and refusals. Expected amounts come from the prices: 0.66 an hour, a
 * year of 365.00 spread over the whole days of its term.
 */
class CostAnalysisIT extends IntegrationTest {
    private Fixture.CustomerKeys c;
    private LocalDate day;
    private String tagged;
    private String untagged;
    private String yearly;
    /** The yearly order's first two amortized days, from the spread's arithmetic. */
    private BigDecimal firstShare;
    private BigDecimal secondShare;

    /**
     * On the 1st of next month: a year bought at 09:00 (365.00), a tagged resource (team=vision,
     * project vision) running 10:00-13:00 and an untagged one 10:00-11:00, both at 0.66 an hour.
     */
    private void month() {
        LocalDate first = clock.instant().atZone(Fixture.ZONE).toLocalDate().withDayOfMonth(1).plusMonths(1);
        Instant m = first.atStartOfDay(Fixture.ZONE).toInstant();
        day = first;
        fx.advanceTo(at(m, "09:00"));
        c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String type = "it.ca." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "cost analysis type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)),
                201);
        String spec = new PrepaidFixture(api, fx).computeSpec("0.66", "30.00", "365.00");
        Api.Response order = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(),
                Api.json(PrepaidMoneyIT.purchase(type, spec, 1, null, "YEAR", 1)), "k-" + UUID.randomUUID());
        assertThat(order.status()).as(order.body()).isIn(200, 201);
        yearly = order.json().path("resourceId").asString();
        // A year from the 1st 09:00 covers the whole days from the 2nd to the day after the expiry day:
        // 36500 cents over n days = n x q + r, the first r days q + 1 cents.
        int n = (int) (first.plusYears(1).plusDays(1).toEpochDay() - first.plusDays(1).toEpochDay());
        long q = 36500 / n;
        long r = 36500 % n;
        firstShare = BigDecimal.valueOf(r > 0 ? q + 1 : q, 2);
        secondShare = BigDecimal.valueOf(r > 1 ? q + 1 : q, 2);

        fx.advanceTo(at(m, "10:00"));
        tagged = "r-" + UUID.randomUUID().toString().substring(0, 12);
        fx.expect(fx.event("CREATED", tagged, c, at(m, "10:00"), Map.of("resourceType", "it.compute", "specCode", spec,
                "region", Fixture.REGION, "nodes", 1, "enterpriseProject", "vision", "tags",
                Map.of("team", "vision"))), 201);
        untagged = fx.create(c, "it.compute", spec, 1, at(m, "10:00"));
        fx.advanceTo(at(m, "13:00"));
        fx.expect(fx.event("DELETED", untagged, c, at(m, "11:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", tagged, c, at(m, "13:00"), Map.of()), 201);
        fx.settleThrough(at(m, "13:00"));
    }

    private JsonNode analysis(String query) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/costs/analysis?" + query, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private String range(int days) {
        return "from=" + day + "&to=" + day.plusDays(days);
    }

    /** The rows as "period|key1|key2=cost". */
    private static List<String> rows(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
            StringBuilder s = new StringBuilder(row.path("period").asString());
            row.path("keys").forEach(k -> s.append('|').append(k.asString()));
            out.add(s.append('=').append(new BigDecimal(row.path("cost").asString()).stripTrailingZeros()
                    .toPlainString()).toString());
        }
        return out;
    }

    private static String money(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    @Test
    void originalAndAmortizedByModeTagProjectAndUsageAddUpToTheBills() {
        month();
        // Original: the year's 365.00 on the day it was paid; pay-per-use 4 hours x 0.66 = 2.64 on the day.
        JsonNode original = analysis(range(3) + "&view=ORIGINAL&groupBy=billingMode");
        assertThat(rows(original)).containsExactly(day + "|PAY_PER_USE=2.64", day + "|YEARLY_MONTHLY=365");
        assertThat(new BigDecimal(original.path("total").asString())).isEqualByComparingTo("367.64");
        assertThat(original.path("currency").asString()).isEqualTo("CNY");

        // Amortized: the year spreads from the 2nd; the 1st (partly used) carries none of it.
        JsonNode amortized = analysis(range(3) + "&view=AMORTIZED&groupBy=billingMode");
        assertThat(rows(amortized)).containsExactly(day + "|PAY_PER_USE=2.64",
                day.plusDays(1) + "|YEARLY_MONTHLY=" + money(firstShare),
                day.plusDays(2) + "|YEARLY_MONTHLY=" + money(secondShare));
        assertThat(new BigDecimal(amortized.path("total").asString()))
                .isEqualByComparingTo(new BigDecimal("2.64").add(firstShare).add(secondShare));

        // By tag: the untagged resource's 1 hour (0.66) shows as the empty value; the tagged 3 hours 3 x 0.66 = 1.98.
        JsonNode byTeam = analysis(range(3) + "&groupBy=tag:team&filter=billingMode=PAY_PER_USE");
        assertThat(rows(byTeam)).containsExactly(day + "|=0.66", day + "|vision=1.98");
        // Only what has no team tag: 0.66 of pay-per-use and the untagged year's 365.00.
        JsonNode noTeam = analysis(range(1) + "&view=ORIGINAL&filter=tag:team=");
        assertThat(rows(noTeam)).containsExactly(day + "=365.66");
        // Two dimensions: project, then resource type.
        JsonNode byProject = analysis(range(1) + "&view=ORIGINAL&groupBy=enterpriseProject,resource");
        assertThat(rows(byProject)).containsExactlyInAnyOrder(day + "|default|" + untagged + "=0.66",
                day + "|default|" + yearly + "=365", day + "|vision|" + tagged + "=1.98");
        // A service filter: the year's type and it.compute both belong to service "it".
        assertThat(rows(analysis(range(1) + "&view=ORIGINAL&filter=serviceType=it"))).containsExactly(day + "=367.64");
        assertThat(rows(analysis(range(1) + "&view=ORIGINAL&filter=serviceType=obs"))).isEmpty();

        // Usage: node-hours per resource and unit, pay-per-use only.
        JsonNode usage = analysis(range(1) + "&measure=USAGE&groupBy=resource");
        Map<String, String> hours = new LinkedHashMap<>();
        usage.path("rows").forEach(r -> hours.put(r.path("keys").path("resource").asString(),
                r.path("usage").asString() + " " + r.path("unit").asString()));
        assertThat(hours).containsEntry(tagged, "3 HOUR").containsEntry(untagged, "1 HOUR").hasSize(2);

        // Hourly: the tagged resource's hours as they were billed, 0.66 each, at their local hour (read from the fee
        // lines, as a resource filter is). The untagged one's late delete is billed in the open hour, a credit there.
        JsonNode hourly = analysis(range(1) + "&granularity=HOURLY&filter=resource=" + tagged);
        assertThat(rows(hourly)).containsExactly(day + "T10:00=0.66", day + "T11:00=0.66", day + "T12:00=0.66");
        assertThat(new BigDecimal(analysis(range(1) + "&granularity=HOURLY&filter=resource=" + untagged)
                .path("total").asString())).isEqualByComparingTo("0.66");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/analysis?" + range(15) + "&granularity=HOURLY",
                c.financeKey()).code()).isEqualTo("invalid-range");

        // The month in the original view is the month's bill: its summary's amount due.
        JsonNode monthly = analysis("from=" + day + "&to=" + day.plusMonths(1) + "&view=ORIGINAL&granularity=MONTHLY");
        JsonNode summary = api.get("/api/v1/customers/" + c.id() + "/bills/summary?month=" + YearMonth.from(day),
                c.financeKey()).json();
        assertThat(new BigDecimal(monthly.path("total").asString()))
                .isEqualByComparingTo(summary.path("total").path("due").asString());
        assertThat(rows(monthly)).containsExactly(day + "=367.64");
    }

    @Test
    void aSavedReportRunsAsTheAnalysisAndThePresetsStay() {
        month();
        String base = "/api/v1/customers/" + c.id() + "/costs/reports";
        Map<String, Object> request = Map.of("from", day.toString(), "to", day.plusDays(3).toString(), "view",
                "ORIGINAL", "groupBy", "billingMode");
        Api.Response saved = api.post(base, c.financeKey(), Map.of("name", "by mode", "request", request));
        fx.expect(saved, 201);
        String id = saved.json().path("id").asString();
        // run: the same rows as the analysis asked directly (365.00 and 4 x 0.66 = 2.64)
        Api.Response run = api.get(base + "/" + id + "/run", c.financeKey());
        fx.expect(run, 200);
        assertThat(rows(run.json())).isEqualTo(rows(analysis(range(3) + "&view=ORIGINAL&groupBy=billingMode")))
                .containsExactly(day + "|PAY_PER_USE=2.64", day + "|YEARLY_MONTHLY=365");
        // listed after the four presets
        JsonNode listed = api.get(base, c.financeKey()).json();
        assertThat(listed).hasSize(5);
        assertThat(listed.get(0).path("preset").asBoolean()).isTrue();
        assertThat(listed.get(4).path("name").asString()).isEqualTo("by mode");
        fx.expect(api.get(base + "/preset-daily-by-service/run", c.financeKey()), 200);
        assertThat(api.post(base, c.financeKey(), Map.of("name", "by mode", "request", request)).code())
                .isEqualTo("report-exists");
        assertThat(api.post(base, c.financeKey(), Map.of("name", "bad", "request", Map.of("preset", "LAST_7_DAYS",
                "groupBy", "colour"))).code()).isEqualTo("invalid-dimension");
        assertThat(api.delete(base + "/preset-monthly-by-service", c.financeKey()).code()).isEqualTo("report-preset");
        assertThat(api.delete(base + "/" + id, c.financeKey()).status()).isEqualTo(204);
        assertThat(api.get(base + "/" + id + "/run", c.financeKey()).code()).isEqualTo("unknown-report");
    }

    @Test
    void aCostCategoryMapsCostsByItsOrderedRulesAndTheRestIsUnallocated() {
        month();
        String base = "/api/v1/customers/" + c.id() + "/cost-categories/teams";
        // team=vision -> "vision-team"; otherwise project default -> "platform"; else unallocated
        fx.expect(api.put(base, c.financeKey(), Map.of("rules", List.of(
                Map.of("value", "vision-team", "dimension", "tag:team", "values", List.of("vision")),
                Map.of("value", "platform", "dimension", "enterpriseProject", "values", List.of("default"))))), 200);
        // the tagged resource's 1.98; the untagged one's 0.66 and the year's 365.00 (both project default): 365.66
        assertThat(rows(analysis(range(1) + "&view=ORIGINAL&groupBy=category:teams")))
                .containsExactly(day + "|platform=365.66", day + "|vision-team=1.98");
        assertThat(rows(analysis(range(1) + "&view=ORIGINAL&filter=category:teams=vision-team")))
                .containsExactly(day + "=1.98");
        // with the second rule gone, what project default held is unallocated
        fx.expect(api.put(base, c.financeKey(), Map.of("rules", List.of(
                Map.of("value", "vision-team", "dimension", "tag:team", "values", List.of("vision"))))), 200);
        assertThat(rows(analysis(range(1) + "&view=ORIGINAL&groupBy=category:teams,billingMode")))
                .containsExactly(day + "|unallocated|PAY_PER_USE=0.66", day + "|unallocated|YEARLY_MONTHLY=365",
                        day + "|vision-team|PAY_PER_USE=1.98");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/analysis?" + range(1) + "&groupBy=category:nope",
                c.financeKey()).code()).isEqualTo("unknown-category");
        assertThat(api.put(base, c.financeKey(), Map.of("rules", List.of())).code()).isEqualTo("invalid-rules");
        assertThat(api.put(base, c.financeKey(), Map.of("rules", List.of(Map.of("value", "x", "dimension", "colour",
                "values", List.of("red"))))).code()).isEqualTo("invalid-dimension");
    }

    @Test
    void aSplitRuleOfEachKindSharesTheYearOutToTheCentAndTheRestStaysUnallocated() {
        month();
        String base = "/api/v1/customers/" + c.id() + "/cost-categories/alloc";
        List<Map<String, Object>> rules = List.of(
                Map.of("value", "vision-team", "dimension", "tag:team", "values", List.of("vision")),
                Map.of("value", "platform", "dimension", "resource", "values", List.of(untagged)));
        String q = range(1) + "&view=ORIGINAL&groupBy=category:alloc";
        // The year's 365.00 shared EVEN between the two: 182.50 each, beside their own 1.98 and 0.66.
        fx.expect(api.put(base, c.financeKey(), Map.of("rules", rules, "splits", List.of(Map.of("dimension", "resource",
                "values", List.of(yearly), "method", "EVEN", "targets", List.of("vision-team", "platform"))))), 200);
        assertThat(rows(analysis(q))).containsExactly(day + "|platform=183.16", day + "|vision-team=184.48");
        // PROPORTIONAL to their own cost, 1.98 : 0.66 = 3 : 1: 36500 cents x 3/4 = 27375 and 9125.
        fx.expect(api.put(base, c.financeKey(), Map.of("rules", rules, "splits", List.of(Map.of("dimension", "resource",
                "values", List.of(yearly), "method", "PROPORTIONAL", "targets", List.of("vision-team", "platform"))))),
                200);
        assertThat(rows(analysis(q))).containsExactly(day + "|platform=91.91", day + "|vision-team=275.73");
        // FIXED 30% / 70%, and no rule for the untagged resource: its 0.66 stays unallocated.
        fx.expect(api.put(base, c.financeKey(), Map.of("rules", List.of(rules.get(0)), "splits", List.of(Map.of(
                "dimension", "resource", "values", List.of(yearly), "method", "FIXED", "targets",
                List.of("vision-team", "platform"), "percents", List.of(30, 70))))), 200);
        JsonNode fixed = analysis(q);
        // 1.98 + 109.50 = 111.48; 255.50; 0.66 unallocated; together the day's 367.64
        assertThat(rows(fixed)).containsExactly(day + "|platform=255.5", day + "|unallocated=0.66",
                day + "|vision-team=111.48");
        assertThat(new BigDecimal(fixed.path("total").asString())).isEqualByComparingTo("367.64");
        assertThat(api.put(base, c.financeKey(), Map.of("rules", rules, "splits", List.of(Map.of("dimension", "resource",
                "values", List.of(yearly), "method", "FIXED", "targets", List.of("a", "b"), "percents",
                List.of(30, 60))))).code()).isEqualTo("invalid-splits");
    }

    @Test
    void presetsAndRefusals() {
        month();
        LocalDate today = LocalDate.now(clock);
        JsonNode week = analysis("preset=LAST_7_DAYS");
        assertThat(week.path("from").asString()).isEqualTo(today.minusDays(7).toString());
        assertThat(week.path("to").asString()).isEqualTo(today.toString()); // today excluded
        JsonNode quarter = analysis("preset=LAST_3_MONTHS");
        assertThat(quarter.path("granularity").asString()).isEqualTo("MONTHLY");
        assertThat(quarter.path("from").asString()).isEqualTo(today.withDayOfMonth(1).minusMonths(3).toString());
        JsonNode mtd = analysis("preset=MONTH_TO_DATE&view=ORIGINAL");
        assertThat(new BigDecimal(mtd.path("total").asString())).isEqualByComparingTo("367.64");

        String base = "/api/v1/customers/" + c.id() + "/costs/analysis?";
        assertThat(api.get(base + range(1) + "&groupBy=a,b", c.financeKey()).code()).isEqualTo("invalid-dimension");
        assertThat(api.get(base + range(1) + "&groupBy=region,spec,resource", c.financeKey()).code())
                .isEqualTo("invalid-group-by");
        assertThat(api.get(base + "from=" + day + "&to=" + day, c.financeKey()).code()).isEqualTo("invalid-range");
        assertThat(api.get(base + "preset=LAST_2_DAYS", c.financeKey()).code()).isEqualTo("invalid-preset");
        assertThat(api.get(base + range(1) + "&filter=region", c.financeKey()).code()).isEqualTo("invalid-filter");
        assertThat(api.get(base + range(1) + "&view=NET", c.financeKey()).code()).isEqualTo("invalid-view");
        assertThat(api.get(base + range(1) + "&groupBy=tag:" + "k".repeat(65), c.financeKey()).code())
                .isEqualTo("invalid-dimension");
        Fixture.CustomerKeys other = fx.customer();
        assertThat(api.get(base + range(1), other.financeKey()).status()).isEqualTo(403);
    }
}
