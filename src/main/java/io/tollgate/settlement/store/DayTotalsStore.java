package io.tollgate.settlement.store;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-day totals (V27_3): the insert trigger of fee records sums them by the day in the zone
 * kept in settlement_day_zone. At start-up the application writes its billing zone there; when the
 * zone differs from the one kept, the day totals are rebuilt from the per-hour totals, with fee
 * records held off meanwhile (the per-hour totals locked in share mode). Instances sharing a
 * database must share the billing zone, as they must anyway.
 */
@Repository
public class DayTotalsStore implements InitializingBean {
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

    /** Cuts the day totals in {@code zone} from now on; rebuilds them when they were cut in another. */
    public void keepDaysIn(ZoneId zone) {
        String id = zone.normalized().getId();
        tx.executeWithoutResult(s -> {
            jdbc.query("select pg_advisory_xact_lock(hashtext('settlement-day-zone'))", rs -> null);
            if (zone().filter(id::equals).isPresent()) {
                return;
            }
            jdbc.execute("lock table settlement_hour_total in share mode");
            Integer offset = zone.normalized() instanceof ZoneOffset o ? o.getTotalSeconds() : null;
            String region = offset == null ? id : null;
            jdbc.update("insert into settlement_day_zone (zone, region_name, offset_seconds) values (?, ?, ?) "
                    + "on conflict (only_row) do update set zone = excluded.zone, region_name = excluded.region_name, "
                    + "offset_seconds = excluded.offset_seconds", id, region, offset);
            jdbc.execute("truncate settlement_day_total");
            jdbc.update("insert into settlement_day_total (customer_id, day, resource_type, billing_mode, "
                    + "enterprise_project, kind, currency, region, spec_code, meter, unit, tags, lines, usage_quantity, "
                    + "charged_amount) select customer_id, settlement_local_day(hour_start, ?, ?), resource_type, "
                    + "billing_mode, enterprise_project, kind, currency, region, spec_code, meter, unit, tags, sum(lines), "
                    + "sum(usage_quantity), sum(charged_amount) from settlement_hour_total "
                    + "group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12", region, offset);
        });
    }
}
