package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The month with its forecast (docs/cost.md) on a history with a known answer: one node running
 * around the clock at 0.66 an hour costs 24 x 0.66 = 15.84 every day, so the fit is exact (no
 * residuals, no band) and every forecast day is 15.84; a yearly term bought today adds its known
 * daily shares in the amortized view and its payment on its day in the original view.
 */
class CostForecastIT extends IntegrationTest {
    private static final BigDecimal DAY = new BigDecimal("15.84"); // 24 x 0.66

    private JsonNode forecast(Fixture.CustomerKeys c, String query) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/costs/forecast?" + query, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static BigDecimal dec(JsonNode n, String field) {
        return new BigDecimal(n.path(field).asString());
    }

    @Test
    void aConstantHistoryForecastsItselfWithNoBandAndTheTermAddsItsKnownShares() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        Instant start = fx.nextDay();
        fx.advanceTo(start);
        String spec = new PrepaidFixture(api, fx).computeSpec("0.66", "30.00", "365.00");
        String node = fx.create(c, "it.compute", spec, 1, start);
        Instant todayStart = start.plus(Duration.ofDays(14));
        fx.settleThrough(todayStart);
        LocalDate first = start.atZone(Fixture.ZONE).toLocalDate();
        LocalDate today = todayStart.atZone(Fixture.ZONE).toLocalDate();
        YearMonth month = YearMonth.from(today);

        // Actual: the whole days before today in this month (from the first day of use); forecast: today to the
        // month's end, 15.84 each.
        LocalDate from = first.isAfter(month.atDay(1)) ? first : month.atDay(1);
        long actualDays = today.toEpochDay() - from.toEpochDay();
        long forecastDays = month.plusMonths(1).atDay(1).toEpochDay() - today.toEpochDay();
        JsonNode current = forecast(c, "view=ORIGINAL");
        assertThat(current.path("month").asString()).isEqualTo(month.toString());
        assertThat(current.path("historyDays").asInt()).isEqualTo(14);
        assertThat(dec(current, "actual")).isEqualByComparingTo(DAY.multiply(BigDecimal.valueOf(actualDays)));
        BigDecimal total = DAY.multiply(BigDecimal.valueOf(actualDays + forecastDays));
        assertThat(dec(current, "expected")).isEqualByComparingTo(total);
        assertThat(dec(current, "lower")).isEqualByComparingTo(total);
        assertThat(dec(current, "upper")).isEqualByComparingTo(total);
        JsonNode todayRow = current.path("days").get((int) (today.toEpochDay() - month.atDay(1).toEpochDay()));
        assertThat(todayRow.path("day").asString()).isEqualTo(today.toString());
        assertThat(dec(todayRow, "expected")).isEqualByComparingTo(DAY);
        assertThat(todayRow.path("actual").isNull()).isTrue();

        // The next month: every day forecast.
        YearMonth next = month.plusMonths(1);
        JsonNode ahead = forecast(c, "month=" + next + "&view=ORIGINAL");
        assertThat(dec(ahead, "actual")).isEqualByComparingTo("0");
        assertThat(dec(ahead, "expected")).isEqualByComparingTo(DAY.multiply(BigDecimal.valueOf(next.lengthOfMonth())));

        // A year bought now: in the original view its 365.00 on today; amortized, 36500 cents over the n whole
        // days from tomorrow, the first r days q + 1 cents (billing-rules §9), known ahead and not forecast.
        String type = "it.fc." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "forecast type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)), 201);
        Api.Response order = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(),
                Api.json(PrepaidMoneyIT.purchase(type, spec, 1, null, "YEAR", 1)), "k-" + UUID.randomUUID());
        assertThat(order.status()).as(order.body()).isIn(200, 201);
        assertThat(dec(forecast(c, "view=ORIGINAL"), "expected")).isEqualByComparingTo(total.add(new BigDecimal("365.00")));
        int n = (int) (today.plusYears(1).plusDays(1).toEpochDay() - today.plusDays(1).toEpochDay());
        long q = 36500 / n;
        long r = 36500 % n;
        BigDecimal shares = BigDecimal.ZERO;
        for (int i = 0; i < forecastDays - 1; i++) { // tomorrow to the month's end
            shares = shares.add(BigDecimal.valueOf(i < r ? q + 1 : q, 2));
        }
        assertThat(dec(forecast(c, "view=AMORTIZED"), "expected")).isEqualByComparingTo(total.add(shares));

        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/forecast?month=" + month.plusMonths(2),
                c.financeKey()).code()).isEqualTo("invalid-month");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/forecast?month=13-2026", c.financeKey()).code())
                .isEqualTo("invalid-month");
        fx.expect(fx.event("DELETED", node, c, clock.instant(), Map.of()), 201); // nothing left running
    }
}
