package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.settlement.store.DayTotalsStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The per-day totals (V27_3) the cost analysis reads for whole days: each is the per-hour totals
 * of its day in the billing zone, summed here independently from the hour totals, also after the
 * zone changed (a rebuild) and for lines written after it.
 */
class DayTotalsIT extends IntegrationTest {
    private static final String DIMENSIONS = "resource_type, billing_mode, enterprise_project, kind, currency, region, "
            + "spec_code, meter, unit, tags::text";
    @Autowired
    DayTotalsStore days;

    @Test
    void theDayTotalsAreTheHourTotalsOfEachLocalDayInWhicheverZoneTheyAreCut() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(d.plus(Duration.ofHours(20)));
        // two resources from 20:00 local, one of two nodes, across midnight into the next two days
        String a = fx.create(c, "it.notebook", fx.computeSpec("0.66"), 1, clock.instant());
        String b = fx.create(c, "it.notebook", fx.computeSpec("1.25"), 2, clock.instant());
        fx.settleThrough(d.plus(Duration.ofHours(53)));
        assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, Fixture.ZONE)).isNotEmpty();
        // 0.66 + 2 x 1.25 = 3.16 an hour, for the 4 hours 20:00-24:00 of the first day
        assertThat(jdbc.queryForObject("select sum(charged_amount) from settlement_day_total where customer_id = ? "
                + "and day = ?", BigDecimal.class, c.id(), java.sql.Date.valueOf(d.atZone(Fixture.ZONE).toLocalDate())))
                .isEqualByComparingTo("12.64");

        ZoneId york = ZoneId.of("America/New_York");
        try {
            days.keepDaysIn(york);
            assertThat(days.zone()).contains("America/New_York");
            assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, york));
            fx.settleThrough(clock.instant().plus(Duration.ofHours(3))); // lines written in the new zone
            assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, york));
        } finally {
            days.keepDaysIn(clock.getZone());
        }
        assertThat(days.zone()).contains(clock.getZone().getId());
        assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, Fixture.ZONE));
        // the analysis by day (from the day totals) and by hour (from the hour totals) agree
        String path = "/api/v1/customers/" + c.id() + "/costs/analysis?view=ORIGINAL&from="
                + d.atZone(Fixture.ZONE).toLocalDate() + "&to=" + d.atZone(Fixture.ZONE).toLocalDate().plusDays(3);
        BigDecimal daily = new BigDecimal(api.get(path + "&granularity=DAILY", c.financeKey()).json().path("total")
                .asString());
        BigDecimal hourly = new BigDecimal(api.get(path + "&granularity=HOURLY", c.financeKey()).json().path("total")
                .asString());
        assertThat(daily).isEqualByComparingTo(hourly).isPositive();
        for (String r : new String[] {a, b}) {
            fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
        }
    }

    private Map<String, String> dayTotals(Fixture.CustomerKeys c) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("select day, " + DIMENSIONS + ", lines, usage_quantity, charged_amount from settlement_day_total "
                + "where customer_id = ?", rs -> {
                    out.put(rs.getDate(1).toLocalDate() + " " + dims(rs), rs.getLong("lines") + " "
                            + rs.getBigDecimal("usage_quantity").stripTrailingZeros().toPlainString() + " "
                            + rs.getBigDecimal("charged_amount").stripTrailingZeros().toPlainString());
                }, c.id());
        return out;
    }

    /** The model: the hour totals summed by the day their hour starts on in {@code zone}. */
    private Map<String, String> hourTotalsByDay(Fixture.CustomerKeys c, ZoneId zone) {
        Map<String, long[]> lines = new TreeMap<>();
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        jdbc.query("select hour_start, " + DIMENSIONS + ", lines, usage_quantity, charged_amount "
                + "from settlement_hour_total where customer_id = ?", rs -> {
                    String key = rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate() + " " + dims(rs);
                    lines.computeIfAbsent(key, k -> new long[1])[0] += rs.getLong("lines");
                    BigDecimal[] s = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    s[0] = s[0].add(rs.getBigDecimal("usage_quantity"));
                    s[1] = s[1].add(rs.getBigDecimal("charged_amount"));
                }, c.id());
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, lines.get(k)[0] + " " + s[0].stripTrailingZeros().toPlainString() + " "
                + s[1].stripTrailingZeros().toPlainString()));
        return out;
    }

    private static String dims(java.sql.ResultSet rs) throws java.sql.SQLException {
        StringBuilder s = new StringBuilder();
        for (int i = 2; i <= 11; i++) {
            s.append(rs.getString(i)).append('|');
        }
        return s.toString();
    }
}
