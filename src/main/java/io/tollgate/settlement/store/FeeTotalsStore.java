package io.tollgate.settlement.store;

import io.tollgate.settlement.FeeTotal;
import io.tollgate.settlement.HourCharge;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reads over settlement_hour_total and the schedule that billing's summary and statements need. */
@Repository
public class FeeTotalsStore {
    /** The columns the day totals and the hour totals share, as the by-day union reads them. */
    private static final String DAY_COLUMNS = "customer_id, resource_type, billing_mode, enterprise_project, kind, "
            + "currency, region, spec_code, meter, unit, tags, charged_amount, usage_quantity";
    private final JdbcTemplate jdbc;
    private final DayTotalsStore days;

    public FeeTotalsStore(JdbcTemplate jdbc, DayTotalsStore days) {
        this.jdbc = jdbc;
        this.days = days;
    }

    public List<FeeTotal> totals(String customerId, Instant from, Instant to) {
        return jdbc.query("select resource_type, billing_mode, enterprise_project, kind, currency, sum(lines) as lines, "
                        + "sum(list_amount) l, sum(discount_amount) d, sum(amount) a, sum(charged_amount) c, "
                        + "sum(truncated_amount) t, sum(cash_amount) ca, sum(credit_amount) cr, sum(coupon_amount) co, "
                        + "sum(arrears_amount) ar from settlement_hour_total where customer_id = ? and hour_start >= ? "
                        + "and hour_start < ? group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5",
                (rs, i) -> new FeeTotal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5).trim(), rs.getLong(6), new FeeTotal.Parts(rs.getBigDecimal("l"),
                        rs.getBigDecimal("d"), rs.getBigDecimal("a"), rs.getBigDecimal("c"), rs.getBigDecimal("t"),
                        rs.getBigDecimal("ca"), rs.getBigDecimal("cr"), rs.getBigDecimal("co"),
                        rs.getBigDecimal("ar"))),
                customerId, Timestamp.from(from), Timestamp.from(to));
    }

    /** Rolls up the days over by {@code now} into the day totals (DayTotalsStore). */
    public int rollUpDays(Instant now) {
        return days.rollUp(now);
    }

    /**
     * Fee sums grouped by period and keys (FeeGroups): by whole days in the zone of the day totals
     * from settlement_day_total for the days rolled up and from settlement_hour_total after them,
     * by hours from settlement_hour_total, or from the fee records when
     * the query names the resource. Tag keys are bound; the zone cuts days as an interval for a
     * fixed offset (PostgreSQL reads an offset given as text the POSIX way).
     */
    public void groups(String customerId, io.tollgate.settlement.FeeGroups.Query q,
                       java.util.function.Consumer<io.tollgate.settlement.FeeGroups.Group> sink) {
        List<Object> args = new java.util.ArrayList<>();
        java.time.ZoneId zone = q.zone().normalized();
        StringBuilder sql = new StringBuilder("select ");
        boolean byDay = byDay(q, zone);
        String local = zone instanceof java.time.ZoneOffset ? "(hour_start at time zone ?::interval)"
                : "(hour_start at time zone ?)";
        Object zoneArg = zone instanceof java.time.ZoneOffset o ? o.getTotalSeconds() + " seconds" : zone.getId();
        if (byDay) {
            sql.append(q.cut() == io.tollgate.settlement.FeeGroups.Cut.DAY ? "d" : "date_trunc('month', d)");
        } else {
            sql.append(switch (q.cut()) {
                case HOUR -> local;
                case DAY -> "date_trunc('day', " + local + ")";
                case MONTH -> "date_trunc('month', " + local + ")";
            });
            args.add(zoneArg);
        }
        for (var k : q.keys()) {
            sql.append(", ").append(column(k, args));
        }
        sql.append(", sum(charged_amount), sum(usage_quantity) from ");
        args.add(customerId);
        if (byDay) {
            // the days rolled up from the day totals, the days after them from the hour totals
            java.time.LocalDate fromDay = q.from().atZone(zone).toLocalDate();
            java.time.LocalDate toDay = q.to().atZone(zone).toLocalDate();
            java.time.LocalDate until = days.rolledUntil().orElse(fromDay);
            Instant untilStart = until.atStartOfDay(zone).toInstant();
            sql.append("(select day::timestamp as d, ").append(DAY_COLUMNS).append(" from settlement_day_total ")
                    .append("where customer_id = ? and day >= ? and day < ? union all select date_trunc('day', ")
                    .append(local).append(") as d, ").append(DAY_COLUMNS).append(" from settlement_hour_total ")
                    .append("where customer_id = ? and hour_start >= ? and hour_start < ?) s where true");
            args.add(java.sql.Date.valueOf(fromDay));
            args.add(java.sql.Date.valueOf(until.isBefore(toDay) ? until : toDay));
            args.add(zoneArg);
            args.add(customerId);
            args.add(Timestamp.from(untilStart.isAfter(q.from()) ? untilStart : q.from()));
            args.add(Timestamp.from(q.to()));
        } else {
            sql.append(q.byResource() ? "settlement_fee_record" : "settlement_hour_total")
                    .append(" where customer_id = ? and hour_start >= ? and hour_start < ?");
            args.add(Timestamp.from(q.from()));
            args.add(Timestamp.from(q.to()));
        }
        for (var f : q.filters().entrySet()) {
            // a tag's or a run's empty value selects the rows without one
            boolean tag = f.getKey().field() == io.tollgate.settlement.FeeGroups.Field.TAG
                    || f.getKey().field() == io.tollgate.settlement.FeeGroups.Field.RUN;
            List<String> named = f.getValue().stream().filter(v -> !tag || !v.isEmpty()).toList();
            StringBuilder in = new StringBuilder();
            if (named.isEmpty()) {
                in.append("false");
            } else {
                in.append(column(f.getKey(), args)).append(" in (");
                for (int i = 0; i < named.size(); i++) {
                    in.append(i == 0 ? "?" : ", ?");
                    args.add(named.get(i));
                }
                in.append(')');
            }
            if (tag && f.getValue().contains("")) {
                in.insert(0, "(").append(" or ").append(column(f.getKey(), args)).append(" is null)");
            }
            sql.append(" and ").append(in);
        }
        sql.append(" group by ");
        for (int i = 1; i <= q.keys().size() + 1; i++) {
            sql.append(i == 1 ? "" : ", ").append(i);
        }
        int n = q.keys().size();
        jdbc.query(sql.toString(), rs -> {
            List<String> values = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(rs.getString(2 + i));
            }
            sink.accept(new io.tollgate.settlement.FeeGroups.Group(rs.getObject(1, java.time.LocalDateTime.class), values,
                    rs.getBigDecimal(n + 2), rs.getBigDecimal(n + 3)));
        }, args.toArray());
    }

    /**
     * Whether the day totals answer: whole days (or months) of the zone they are cut in, and no
     * resource named (the day totals, like the hour totals, have no resource).
     */
    private boolean byDay(io.tollgate.settlement.FeeGroups.Query q, java.time.ZoneId zone) {
        return q.cut() != io.tollgate.settlement.FeeGroups.Cut.HOUR && !q.byResource()
                && midnight(q.from(), zone) && midnight(q.to(), zone)
                && days.zone().filter(zone.getId()::equals).isPresent();
    }

    private static boolean midnight(Instant at, java.time.ZoneId zone) {
        return at.atZone(zone).toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    }

    /** The column of a key; a tag's value by its bound key. */
    private static String column(io.tollgate.settlement.FeeGroups.Key k, List<Object> args) {
        return switch (k.field()) {
            case RESOURCE -> "resource_id";
            case RESOURCE_TYPE -> "resource_type";
            case REGION -> "region";
            case BILLING_MODE -> "billing_mode";
            case SPEC -> "spec_code";
            case KIND -> "kind";
            case ENTERPRISE_PROJECT -> "enterprise_project";
            case UNIT -> "unit";
            case RUN -> io.tollgate.shared.Runs.sql("tags");
            case TAG -> {
                args.add(k.tagKey());
                yield "(tags ->> ?)";
            }
        };
    }

    public List<HourCharge> hourCharges(String customerId, Instant from, Instant to, String resourceId) {
        String sql = "select resource_id, coalesce(adjusts_hour, hour_start) as usage_hour, sum(charged_amount) "
                + "from settlement_fee_record where customer_id = ? and hour_start >= ? and hour_start < ? "
                + "and coalesce(adjusts_hour, hour_start) >= ? and coalesce(adjusts_hour, hour_start) < ? "
                + (resourceId == null ? "" : "and resource_id = ? ") + "group by 1, 2 order by 2, 1";
        // Adjustments are billed after the hour they correct: look up to 40 days later for them.
        Timestamp billedTo = Timestamp.from(to.plus(java.time.Duration.ofDays(40)));
        Object[] args = resourceId == null
                ? new Object[] {customerId, Timestamp.from(from), billedTo, Timestamp.from(from), Timestamp.from(to)}
                : new Object[] {customerId, Timestamp.from(from), billedTo, Timestamp.from(from), Timestamp.from(to),
                        resourceId};
        return jdbc.query(sql, (rs, i) -> new HourCharge(rs.getString(1), rs.getTimestamp(2).toInstant(),
                rs.getBigDecimal(3)), args);
    }

    public boolean hasDueBefore(String customerId, Instant before) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from settlement_schedule where "
                + "customer_id = ? and active and next_hour < ?)", Boolean.class, customerId, Timestamp.from(before)));
    }

    public void closeBefore(String customerId, Instant before) {
        jdbc.update("insert into settlement_closed_month (customer_id, closed_before) values (?, ?) "
                + "on conflict (customer_id) do update set closed_before = greatest(settlement_closed_month.closed_before, "
                + "excluded.closed_before)", customerId, Timestamp.from(before));
    }

    /** The first hour of the customer's open months: hours before it belong to a finalised statement. */
    public java.util.Optional<Instant> closedBefore(String customerId) {
        return jdbc.query("select closed_before from settlement_closed_month where customer_id = ?",
                (rs, i) -> rs.getTimestamp(1).toInstant(), customerId).stream().findFirst();
    }
}
