package io.tollgate.cost.store;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The cost centre's aggregate, {@code cost_day_usage} (V25_1): the fee records' sums per customer,
 * billed day and dimension, kept by a trigger as settlement writes lines. This store aligns the
 * aggregate's zone with the application's and reads it grouped as the analysis asks.
 */
@Repository
public class CostStore {
    private final JdbcTemplate jdbc;

    public CostStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The zone as cost_day_of reads it: an IANA name, UTC, or a fixed offset {@code +08:00}. */
    public static String sqlZone(ZoneId zone) {
        ZoneId z = zone.normalized();
        if (z instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : offset.getId().length() == 6 ? offset.getId()
                    : offset.getId().substring(0, 6);
        }
        return z.getId();
    }

    /**
     * Makes the aggregate's days those of {@code zone}: when it was computed in another zone (or
     * never, after the migration), it is rebuilt from every fee record in one transaction, with
     * new lines held back meanwhile (a share lock on the fee records). Returns whether it rebuilt.
     */
    public boolean alignZone(ZoneId zone) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select cost_align_zone(?)", Boolean.class, sqlZone(zone)));
    }

    /** One group of the aggregate: its day (or month's first day), its keys, and its sums. */
    public record Group(LocalDate period, List<String> keys, BigDecimal cost, BigDecimal usage, BigDecimal list,
                        BigDecimal discount) {
    }

    /**
     * A customer's days [from, toExclusive) summed by period ({@code monthly}: the month's first
     * day) and by the given key expressions (SQL over the aggregate's columns, built by the caller
     * from a fixed set; values bound), where {@code where} (SQL over the columns, with
     * {@code whereArgs}) holds.
     */
    public void groups(String customerId, LocalDate from, LocalDate toExclusive, boolean monthly, List<String> keys,
                       String where, List<Object> whereArgs, Consumer<Group> sink) {
        StringBuilder sql = new StringBuilder("select ").append(monthly ? "date_trunc('month', day)::date" : "day");
        for (String k : keys) {
            sql.append(", ").append(k);
        }
        sql.append(", sum(charged_amount), sum(usage_quantity), sum(list_amount), sum(discount_amount) "
                + "from cost_day_usage where customer_id = ? and day >= ? and day < ?");
        if (!where.isEmpty()) {
            sql.append(" and ").append(where);
        }
        sql.append(" group by ");
        for (int i = 1; i <= keys.size() + 1; i++) {
            sql.append(i == 1 ? "" : ", ").append(i);
        }
        List<Object> args = new ArrayList<>(List.of(customerId, Date.valueOf(from), Date.valueOf(toExclusive)));
        args.addAll(whereArgs);
        int n = keys.size();
        jdbc.query(sql.toString(), rs -> {
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(rs.getString(2 + i));
            }
            sink.accept(new Group(rs.getDate(1).toLocalDate(), values, rs.getBigDecimal(n + 2),
                    rs.getBigDecimal(n + 3), rs.getBigDecimal(n + 4), rs.getBigDecimal(n + 5)));
        }, args.toArray());
    }
}
