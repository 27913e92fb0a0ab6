package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Budgets (docs/cost.md) on a spend with a known shape: one node from the 1st at 00:00, 0.66 an
 * hour, so 15.84 a day. A monthly budget of 158.40 (ten days) alerts on its forecast on the 2nd
 * (one day of history forecasts 15.84 a day for the month), at 50% of actual once five days are
 * billed (5 x 15.84 = 79.20) and at 100% once ten are, each threshold once; a daily budget of
 * 10.00 alerts once a day (16 hours x 0.66 = 10.56 reach it, 15 x 0.66 = 9.90 do not).
 */
class BudgetIT extends IntegrationTest {
    private Api.Response post(Fixture.CustomerKeys c, Map<String, Object> body) {
        return api.post("/api/v1/customers/" + c.id() + "/budgets", c.financeKey(), body);
    }

    private long alerts(Fixture.CustomerKeys c, long budgetId) {
        Long n = jdbc.queryForObject("select count(*) from notify_outbox where customer_id = ? and topic = "
                + "'budget.threshold-reached' and subject_id = ?", Long.class, c.id(), Long.toString(budgetId));
        return n == null ? 0 : n;
    }

    private List<String> alerted(Fixture.CustomerKeys c, long budgetId) {
        return jdbc.queryForList("select basis || ' ' || percent from cost_budget_alert where budget_id = ? "
                + "order by alerted_at, basis, percent", String.class, budgetId);
    }

    @Test
    void aBudgetAlertsOnForecastBeforeActualOncePerThresholdAndADailyOneOncePerDay() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        LocalDate first = clock.instant().atZone(Fixture.ZONE).toLocalDate().withDayOfMonth(1).plusMonths(1);
        Instant m = first.atStartOfDay(Fixture.ZONE).toInstant();
        fx.advanceTo(m);
        String spec = fx.computeSpec("0.66");
        String node = fx.create(c, "it.compute", spec, 1, m);
        Api.Response monthly = post(c, Map.of("name", "compute monthly", "period", "MONTHLY", "amount", "158.40",
                "filters", List.of("billingMode=PAY_PER_USE"), "thresholds", List.of(
                        Map.of("percent", "100", "basis", "FORECAST"), Map.of("percent", "50", "basis", "ACTUAL"),
                        Map.of("percent", "100", "basis", "ACTUAL"))));
        fx.expect(monthly, 201);
        long mid = monthly.json().path("id").asLong();
        Api.Response daily = post(c, Map.of("name", "compute daily", "period", "DAILY", "amount", "10.00",
                "thresholds", List.of(Map.of("percent", "100"))));
        fx.expect(daily, 201);
        long did = daily.json().path("id").asLong();
        // a usage budget: 30 node-hours a month, reached at 06:00 on the 2nd (24 + 6)
        Api.Response hours = post(c, Map.of("name", "compute hours", "period", "MONTHLY", "measure", "USAGE",
                "unit", "HOUR", "amount", "30", "thresholds", List.of(Map.of("percent", "100"))));
        fx.expect(hours, 201);
        long hid = hours.json().path("id").asLong();

        // The 2nd, 02:00: the forecast (15.84 a day for the whole month) is past 158.40; actual (15.84 + 2 x 0.66)
        // is not at half. The daily budget alerted for the 1st only.
        fx.settleThrough(m.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
        assertThat(alerted(c, mid)).containsExactly("FORECAST 100.00");
        assertThat(alerts(c, did)).isEqualTo(1);
        JsonNode status = api.get("/api/v1/customers/" + c.id() + "/budgets/" + mid, c.financeKey()).json();
        // billed so far: the 1st (15.84) and the 2nd's first two hours (2 x 0.66 = 1.32)
        assertThat(new BigDecimal(status.path("current").path("actual").asString())).isEqualByComparingTo("17.16");
        assertThat(status.path("current").path("periodStart").asString()).isEqualTo(first.toString());

        assertThat(alerts(c, hid)).isZero(); // 24 + 2 = 26 node-hours of 30
        JsonNode usage = api.get("/api/v1/customers/" + c.id() + "/budgets/" + hid, c.financeKey()).json();
        assertThat(new BigDecimal(usage.path("current").path("actual").asString())).isEqualByComparingTo("26");

        // The 6th, 02:00: five whole days billed, 79.20 = 50% of 158.40.
        fx.settleThrough(m.plus(Duration.ofDays(5)).plus(Duration.ofHours(2)));
        assertThat(alerted(c, mid)).containsExactly("FORECAST 100.00", "ACTUAL 50.00");
        assertThat(alerted(c, hid)).containsExactly("ACTUAL 100.00"); // once, at 30 node-hours or more
        // The 11th, 02:00: ten whole days, 158.40 = 100%; every threshold alerted once.
        fx.settleThrough(m.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)));
        assertThat(alerted(c, mid)).containsExactly("FORECAST 100.00", "ACTUAL 50.00", "ACTUAL 100.00");
        assertThat(alerts(c, mid)).isEqualTo(3);
        // the daily budget: once for each of the ten whole days, not yet for the 11th (2 x 0.66 = 1.32)
        assertThat(alerts(c, did)).isEqualTo(10);
        assertThat(jdbc.queryForList("select distinct period_start from cost_budget_alert where budget_id = ? "
                + "order by 1", java.sql.Date.class, did)).hasSize(10);
        Map<String, Object> event = jdbc.queryForMap("select payload::text p from notify_outbox where customer_id = ? "
                + "and topic = 'budget.threshold-reached' and subject_id = ? order by id desc limit 1", c.id(),
                Long.toString(mid));
        assertThat((String) event.get("p")).contains("\"basis\": \"ACTUAL\"", "\"percent\": \"100.00\"",
                "\"spend\": \"158.40\"");

        // leave nothing running or checked for the tests after this one (they share the database)
        fx.expect(fx.event("DELETED", node, c, clock.instant(), Map.of()), 201);
        for (long id : List.of(mid, did, hid)) {
            assertThat(api.delete("/api/v1/customers/" + c.id() + "/budgets/" + id, c.financeKey()).status())
                    .isEqualTo(204);
        }
        assertThat(api.get("/api/v1/customers/" + c.id() + "/budgets/" + mid, c.financeKey()).code())
                .isEqualTo("unknown-budget");
    }

    @Test
    void badBudgetsAreRefusedWithTheirCodeAndTheLimitHolds() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Object> ok = Map.of("name", "b", "period", "MONTHLY", "amount", "10.00",
                "thresholds", List.of(Map.of("percent", "80")));
        assertThat(post(c, Map.of("period", "MONTHLY", "amount", "1", "thresholds", List.of(Map.of("percent", "80"))))
                .code()).isEqualTo("invalid-name");
        assertThat(post(c, Map.of("name", "b", "period", "WEEKLY", "amount", "1",
                "thresholds", List.of(Map.of("percent", "80")))).code()).isEqualTo("invalid-period");
        assertThat(post(c, Map.of("name", "b", "period", "MONTHLY", "amount", "-1",
                "thresholds", List.of(Map.of("percent", "80")))).code()).isEqualTo("invalid-amount");
        assertThat(post(c, Map.of("name", "b", "period", "MONTHLY", "amount", "1", "thresholds", List.of()))
                .code()).isEqualTo("invalid-thresholds");
        assertThat(post(c, Map.of("name", "b", "period", "MONTHLY", "measure", "USAGE", "unit", "HOUR", "amount", "1",
                "thresholds", List.of(Map.of("percent", "80", "basis", "FORECAST")))).code())
                .isEqualTo("invalid-thresholds");
        assertThat(post(c, Map.of("name", "b", "period", "MONTHLY", "amount", "1", "filters", List.of("nope=1"),
                "thresholds", List.of(Map.of("percent", "80")))).code()).isEqualTo("invalid-dimension");
        assertThat(post(c, Map.of("name", "b", "period", "MONTHLY", "amounts", Map.of("2030-01-15", "5.00"),
                "thresholds", List.of(Map.of("percent", "80")))).code()).isEqualTo("invalid-amounts");
        assertThat(jdbc.queryForObject("select count(*) from cost_budget where customer_id = ?", Long.class, c.id()))
                .isZero();
        fx.expect(post(c, ok), 201);
        assertThat(post(c, ok).code()).isEqualTo("budget-exists");
        // 1,000 budgets a customer: 998 more make 999 + the one above = 1,000; the next is refused
        jdbc.update("insert into cost_budget (customer_id, name, measure, view, period, amount, thresholds, "
                + "next_check_at, created_at, updated_at) select ?, 'bulk-' || i, 'COST', 'ORIGINAL', 'MONTHLY', 1, "
                + "'[{\"percent\": \"80\", \"basis\": \"ACTUAL\"}]', now() + interval '1 year', now(), now() "
                + "from generate_series(1, 999) i", c.id());
        Api.Response over = post(c, Map.of("name", "one too many", "period", "MONTHLY", "amount", "1",
                "thresholds", List.of(Map.of("percent", "80"))));
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.code()).isEqualTo("budget-limit");
        Fixture.CustomerKeys other = fx.customer();
        assertThat(api.get("/api/v1/customers/" + c.id() + "/budgets", other.financeKey()).status()).isEqualTo(403);
        jdbc.update("delete from cost_budget where customer_id = ?", c.id());
    }
}
