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
 * The per-day totals (V27_3, V27_4) the cost analysis reads for whole days: each day over is
 * rolled up from the per-hour totals of its day in the billing zone (summed here independently
 * from the hour totals), a late line for such a day is added to it, also after the zone changed
 * (a rebuild) and for lines written after it; the analysis by day and by hour agree.
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
        String specA = fx.computeSpec("0.66");
        String a = fx.create(c, "it.notebook", specA, 1, clock.instant());
        String b = fx.create(c, "it.notebook", fx.computeSpec("1.25"), 2, clock.instant());
        fx.settleThrough(d.plus(Duration.ofHours(53)));
        // the job rolled up the first two days (over by 02:00 of the third), not the third
        java.time.LocalDate first = d.atZone(Fixture.ZONE).toLocalDate();
        assertThat(days.rolledUntil()).contains(first.plusDays(2));
        assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, Fixture.ZONE, first.plusDays(2)));
        assertThat(jdbc.queryForList("select distinct day from settlement_day_total where customer_id = ? order by 1",
                java.sql.Date.class, c.id())).extracting(java.sql.Date::toLocalDate)
                .containsExactly(first, first.plusDays(1));
        // a late line for a day already rolled up is added to its day total by the insert trigger
        jdbc.update("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, spec_code, "
                + "region, billing_mode, hour_start, line_no, period_start, period_end, usage_seconds, quantity, "
                + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, discount_amount, "
                + "amount, charged_amount, truncated_amount, cash_amount, credit_amount, coupon_amount, arrears_amount, "
                + "enterprise_project, tags, settled_at, kind) select customer_id, resource_id, resource_type, meter, "
                + "spec_code, region, billing_mode, hour_start, 99, period_start, period_end, 0, 0, 0, unit, "
                + "unit_price, price_id, price_version, currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, enterprise_project, tags, "
                + "settled_at, kind from settlement_fee_record where customer_id = ? and resource_id = ? "
                + "and meter = 'COMPUTE' order by hour_start limit 1", c.id(), a);
        assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, Fixture.ZONE, first.plusDays(2)));
        assertThat(jdbc.queryForObject("select lines from settlement_day_total where customer_id = ? and day = ? "
                + "and spec_code = ? and meter = 'COMPUTE'", Long.class, c.id(), java.sql.Date.valueOf(first), specA))
                .isEqualTo(5); // 20:00-24:00 and the late one
        // 0.66 + 2 x 1.25 = 3.16 an hour, for the 4 hours 20:00-24:00 of the first day
        assertThat(jdbc.queryForObject("select sum(charged_amount) from settlement_day_total where customer_id = ? "
                + "and day = ?", BigDecimal.class, c.id(), java.sql.Date.valueOf(d.atZone(Fixture.ZONE).toLocalDate())))
                .isEqualByComparingTo("12.64");

        ZoneId york = ZoneId.of("America/New_York");
        try {
            days.keepDaysIn(york);
            assertThat(days.zone()).contains("America/New_York");
            // rebuilt: the days over in New York by now less two hours
            java.time.LocalDate yorkUntil = clock.instant().minus(Duration.ofHours(2)).atZone(york).toLocalDate();
            assertThat(days.rolledUntil()).contains(yorkUntil);
            assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, york, yorkUntil)).isNotEmpty();
            fx.settleThrough(clock.instant().plus(Duration.ofHours(24))); // lines written in the new zone
            java.time.LocalDate later = clock.instant().minus(Duration.ofHours(2)).atZone(york).toLocalDate();
            assertThat(days.rolledUntil()).contains(later);
            assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, york, later));
        } finally {
            days.keepDaysIn(clock.getZone());
        }
        assertThat(days.zone()).contains(clock.getZone().getId());
        java.time.LocalDate until = clock.instant().minus(Duration.ofHours(2)).atZone(Fixture.ZONE).toLocalDate();
        assertThat(dayTotals(c)).isEqualTo(hourTotalsByDay(c, Fixture.ZONE, until));
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

    /** The model: the hour totals summed by the day their hour starts on in {@code zone}, the days before {@code until}. */
    private Map<String, String> hourTotalsByDay(Fixture.CustomerKeys c, ZoneId zone, java.time.LocalDate until) {
        Map<String, long[]> lines = new TreeMap<>();
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        jdbc.query("select hour_start, " + DIMENSIONS + ", lines, usage_quantity, charged_amount "
                + "from settlement_hour_total where customer_id = ?", rs -> {
                    java.time.LocalDate day = rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate();
                    if (!day.isBefore(until)) {
                        return;
                    }
                    String key = day + " " + dims(rs);
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
