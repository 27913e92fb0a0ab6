package io.tollgate.settlement.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-day totals (V27_3, V27_4): the days before {@code rolled_until}, in the zone kept in
 * settlement_day_zone, summed from the per-hour totals once each day is over ({@link #rollUp});
 * the insert trigger of fee records adds only the late lines of a day already rolled up. At
 * start-up the application writes its billing zone; when it differs from the one kept, the day
 * totals are rebuilt. Both hold fee records off meanwhile (the per-hour totals locked in share
 * mode), so no line falls between the totals and the mark. Instances sharing a database must
 * share the billing zone, as they must anyway.
 */
@Repository
public class DayTotalsStore implements InitializingBean {
    /** A day is rolled up once this long has passed since its end, so that its last hours are settled. */
    static final Duration SETTLED_AFTER = Duration.ofHours(2);
    private static final String ROLL_UP = "insert into settlement_day_total as t (customer_id, day, resource_type, "
            + "billing_mode, enterprise_project, kind, currency, region, spec_code, meter, unit, tags, lines, "
            + "usage_quantity, charged_amount) select customer_id, settlement_local_day(hour_start, ?, ?), resource_type, "
            + "billing_mode, enterprise_project, kind, currency, region, spec_code, meter, unit, tags, sum(lines), "
            + "sum(usage_quantity), sum(charged_amount) from settlement_hour_total "
            + "where hour_start >= coalesce(?, '-infinity'::timestamptz) and hour_start < ? "
            + "group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 "
            + "on conflict (customer_id, day, resource_type, billing_mode, enterprise_project, kind, currency, region, "
            + "spec_code, meter, unit, tags) do update set lines = t.lines + excluded.lines, "
            + "usage_quantity = t.usage_quantity + excluded.usage_quantity, "
            + "charged_amount = t.charged_amount + excluded.charged_amount";
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DayTotalsStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        keepDaysIn(clock.getZone());
    }

    /** The zone the day totals are cut in now, or empty before any was written. */
    public Optional<String> zone() {
        return jdbc.queryForList("select zone from settlement_day_zone", String.class).stream().findFirst();
    }

    /** The first day not rolled up yet: the day totals hold every day before it (empty before any zone). */
    public Optional<LocalDate> rolledUntil() {
        return jdbc.query("select rolled_until from settlement_day_zone where rolled_until is not null",
                (rs, i) -> rs.getDate(1).toLocalDate()).stream().findFirst();
    }

    /** Cuts the day totals in {@code zone} from now on; rebuilds them when they were cut in another. */
    public void keepDaysIn(ZoneId zone) {
        String id = zone.normalized().getId();
        tx.executeWithoutResult(s -> {
            lock();
            if (zone().filter(id::equals).isPresent()) {
                return;
            }
            Integer offset = zone.normalized() instanceof ZoneOffset o ? o.getTotalSeconds() : null;
            String region = offset == null ? id : null;
            jdbc.update("insert into settlement_day_zone (zone, region_name, offset_seconds) values (?, ?, ?) "
                    + "on conflict (only_row) do update set zone = excluded.zone, region_name = excluded.region_name, "
                    + "offset_seconds = excluded.offset_seconds, rolled_until = null, rolled_until_start = null",
                    id, region, offset);
            jdbc.execute("truncate settlement_day_total");
        });
        rollUp(clock.instant());
    }

    /**
     * Rolls up every day over by {@code now} less {@link #SETTLED_AFTER} and not rolled up yet;
     * returns the number of days moved past (0 for the first roll-up, which covers every past day).
     */
    public int rollUp(Instant now) {
        Integer days = tx.execute(s -> {
            lock();
            var zoneRow = jdbc.query("select region_name, offset_seconds, rolled_until, rolled_until_start "
                    + "from settlement_day_zone", (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2),
                    rs.getDate(3), rs.getTimestamp(4)}).stream().findFirst();
            if (zoneRow.isEmpty()) {
                return 0;
            }
            String region = (String) zoneRow.get()[0];
            Integer offset = (Integer) zoneRow.get()[1];
            ZoneId zone = region != null ? ZoneId.of(region) : ZoneOffset.ofTotalSeconds(offset);
            LocalDate until = now.minus(SETTLED_AFTER).atZone(zone).toLocalDate();
            java.sql.Date old = (java.sql.Date) zoneRow.get()[2];
            if (old != null && !until.isAfter(old.toLocalDate())) {
                return 0;
            }
            jdbc.execute("lock table settlement_hour_total in share mode");
            Instant untilStart = until.atStartOfDay(zone).toInstant();
            jdbc.update(ROLL_UP, region, offset, zoneRow.get()[3], Timestamp.from(untilStart));
            jdbc.update("update settlement_day_zone set rolled_until = ?, rolled_until_start = ?",
                    java.sql.Date.valueOf(until), Timestamp.from(untilStart));
            return old == null ? 0 : (int) java.time.temporal.ChronoUnit.DAYS.between(old.toLocalDate(), until);
        });
        return days == null ? 0 : days;
    }

    /** One key for the zone and the mark: 0x7467 'tg', 2 'day totals'. */
    private void lock() {
        jdbc.query("select pg_advisory_xact_lock(29799, 2)", rs -> null);
    }
}
