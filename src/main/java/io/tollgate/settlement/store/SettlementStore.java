package io.tollgate.settlement.store;

import io.tollgate.settlement.FeeRecord;
import io.tollgate.shared.CopyText;
import io.tollgate.shared.SqlText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the settlement schedule and fee records. */
@Repository
public class SettlementStore {
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public SettlementStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Claim(String resourceId, String customerId, Instant hour) {
    }

    public record ScheduleRow(Instant nextHour, boolean active) {
    }

    public record Advance(String resourceId, Instant nextHour, boolean active) {
    }

    /** Claims up to {@code limit} resources whose next hour closed at or before {@code dueBefore}. */
    public List<Claim> claimDue(Instant latestHour, int limit, java.util.Collection<String> held) {
        return io.tollgate.jobs.Claims.due(jdbc, "select resource_id, customer_id, next_hour from settlement_schedule "
                        + "where active and next_hour <= ? and not (resource_id = any (?)) order by next_hour limit ? "
                        + "for update skip locked", latestHour, held, limit,
                (rs, i) -> new Claim(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }

    /** Claims one resource's next hour if it is due (settling a failed batch resource by resource). */
    public List<Claim> claimOne(String resourceId, Instant latestHour) {
        return jdbc.query("select resource_id, customer_id, next_hour from settlement_schedule "
                        + "where resource_id = ? and active and next_hour <= ? for update skip locked",
                (rs, i) -> new Claim(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                resourceId, Timestamp.from(latestHour));
    }

    public long countDue(Instant latestHour) {
        Long n = jdbc.queryForObject("select count(*) from settlement_schedule where active and next_hour <= ?",
                Long.class, Timestamp.from(latestHour));
        return n == null ? 0 : n;
    }

    public Optional<ScheduleRow> schedule(String resourceId) {
        return jdbc.query("select next_hour, active from settlement_schedule where resource_id = ?",
                (rs, i) -> new ScheduleRow(rs.getTimestamp(1).toInstant(), rs.getBoolean(2)), resourceId)
                .stream().findFirst();
    }

    public Optional<ScheduleRow> lockSchedule(String resourceId) {
        return jdbc.query("select next_hour, active from settlement_schedule where resource_id = ? for update",
                (rs, i) -> new ScheduleRow(rs.getTimestamp(1).toInstant(), rs.getBoolean(2)), resourceId)
                .stream().findFirst();
    }

    public void insertSchedule(String resourceId, String customerId, Instant nextHour, boolean active) {
        jdbc.update("insert into settlement_schedule (resource_id, customer_id, next_hour, active) values (?, ?, ?, ?)",
                resourceId, customerId, Timestamp.from(nextHour), active);
    }

    public void updateSchedule(String resourceId, Instant nextHour, boolean active) {
        jdbc.update("update settlement_schedule set next_hour = ?, active = ? where resource_id = ?",
                Timestamp.from(nextHour), active, resourceId);
    }

    /** Moves each claimed resource to its next hour, in one statement. */
    public void advance(List<Advance> advances) {
        if (advances.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("update settlement_schedule s set next_hour = v.next_hour, active = v.active "
                    + "from unnest(?::text[], ?::timestamptz[], ?::boolean[]) as v (resource_id, next_hour, active) "
                    + "where s.resource_id = v.resource_id");
            ps.setArray(1, con.createArrayOf("text", advances.stream().map(Advance::resourceId).toArray()));
            ps.setArray(2, con.createArrayOf("text", advances.stream().map(a -> timestamp(a.nextHour())).toArray()));
            ps.setArray(3, con.createArrayOf("boolean", advances.stream().map(Advance::active).toArray()));
            return ps;
        });
    }

    /**
     * Writes the fee records with COPY, in the caller's transaction and in list order (so ids
     * follow it); a record that already exists fails the whole COPY on the unique key, as an
     * INSERT would.
     */
    public void insertFeeRecords(List<FeeRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<Map<String, String>, String> tagTexts = new IdentityHashMap<>();
        StringBuilder text = new StringBuilder(records.size() * 512);
        for (FeeRecord f : records) {
            copyValue(text, f.customerId()).append('\t');
            copyValue(text, f.resourceId()).append('\t');
            copyValue(text, f.resourceType()).append('\t');
            copyValue(text, f.meter()).append('\t');
            copyValue(text, f.specCode()).append('\t');
            copyValue(text, f.region()).append('\t');
            copyValue(text, f.billingMode()).append('\t');
            text.append(timestamp(f.hourStart())).append('\t').append(f.lineNo()).append('\t')
                    .append(timestamp(f.periodStart())).append('\t').append(timestamp(f.periodEnd())).append('\t')
                    .append(f.usageSeconds()).append('\t').append(f.quantity()).append('\t')
                    .append(plain(f.usageQuantity())).append('\t');
            copyValue(text, f.unit()).append('\t');
            text.append(plain(f.unitPrice())).append('\t').append(f.priceId()).append('\t')
                    .append(f.priceVersion()).append('\t');
            copyValue(text, f.currency()).append('\t');
            for (BigDecimal amount : new BigDecimal[] {f.listAmount(), f.discountAmount(), f.amount(),
                    f.chargedAmount(), f.truncatedAmount(), f.cashAmount(), f.creditAmount(), f.arrearsAmount()}) {
                text.append(plain(amount)).append('\t');
            }
            copyValue(text, f.enterpriseProject()).append('\t');
            copyValue(text, tagTexts.computeIfAbsent(f.tags(), json::writeValueAsString)).append('\t');
            text.append(f.entryId() == null ? "\\N" : f.entryId().toString()).append('\t')
                    .append(timestamp(f.settledAt())).append('\t');
            copyValue(text, f.kind()).append('\t');
            text.append(f.adjustsHour() == null ? "\\N" : timestamp(f.adjustsHour())).append('\t')
                    .append(plain(f.freeQuantity())).append('\t').append(plain(f.packageQuantity())).append('\t')
                    .append(plain(f.couponAmount())).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        jdbc.execute((ConnectionCallback<Long>) con -> {
            CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn("copy settlement_fee_record ("
                    + "customer_id, resource_id, resource_type, meter, spec_code, region, billing_mode, hour_start, "
                    + "line_no, period_start, period_end, usage_seconds, quantity, usage_quantity, unit, unit_price, "
                    + "price_id, price_version, currency, list_amount, discount_amount, amount, charged_amount, "
                    + "truncated_amount, cash_amount, credit_amount, arrears_amount, enterprise_project, tags, entry_id, "
                    + "settled_at, kind, adjusts_hour, free_quantity, package_quantity, coupon_amount) "
                    + "from stdin");
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    private static StringBuilder copyValue(StringBuilder text, String value) {
        return CopyText.text(text, value);
    }

    private static String plain(BigDecimal value) {
        return CopyText.decimal(value);
    }

    private static String timestamp(Instant t) {
        return CopyText.instant(t);
    }

    /** A customer's fee records with hour in [from, to), optionally of one resource, after the cursor id. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                      int limit) {
        return feeRecords(customerId, from, to, io.tollgate.settlement.FeeRecordQuery.of(resourceId), afterId, limit);
    }

    /** A customer's fee records billed in [from, to) matching the query, by id after {@code afterId}. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to,
                                      io.tollgate.settlement.FeeRecordQuery q, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from settlement_fee_record where customer_id = ? "
                + "and hour_start >= ? and hour_start < ? and id > ?");
        List<Object> args = new java.util.ArrayList<>(List.of(customerId, Timestamp.from(from), Timestamp.from(to),
                afterId));
        condition(sql, args, "resource_id", q.resourceId());
        condition(sql, args, "billing_mode", q.billingMode());
        condition(sql, args, "kind", q.kind());
        condition(sql, args, "enterprise_project", q.enterpriseProject());
        if (q.resourceTypes() != null) {
            sql.append(" and resource_type = any (?)");
            args.add(q.resourceTypes().toArray(String[]::new));
        }
        sql.append(" order by id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::feeRecord, args.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            args.add(value);
        }
    }

    /**
     * The fee records of a customer's hours [from, to) as CSV rows formatted by the database, the
     * exports' fast path: {@code COPY (<selects, union all>) TO STDOUT (FORMAT csv)}, each select
     * restricted to the customer and hours. Each row's bytes (UTF-8, ending in LF) go to
     * {@code sink} as they arrive, so nothing of the month is held in memory.
     */
    public void copyFeeRecords(String customerId, Instant from, Instant to, List<io.tollgate.settlement.FeeCsvSelect> selects,
                               java.util.function.Consumer<byte[]> sink) {
        String range = "f.customer_id = " + SqlText.literal(customerId) + " and f.hour_start >= "
                + SqlText.literal(from.toString()) + "::timestamptz and f.hour_start < "
                + SqlText.literal(to.toString()) + "::timestamptz";
        StringBuilder sql = new StringBuilder("copy (");
        for (int i = 0; i < selects.size(); i++) {
            io.tollgate.settlement.FeeCsvSelect q = selects.get(i);
            sql.append(i == 0 ? "" : " union all ").append("select ").append(q.columns())
                    .append(" from settlement_fee_record f ").append(q.joins()).append(" where ").append(range)
                    .append(" and (").append(q.filter()).append(')');
        }
        sql.append(") to stdout (format csv)");
        jdbc.execute((ConnectionCallback<Void>) con -> {
            org.postgresql.copy.CopyOut copy = con.unwrap(PGConnection.class).getCopyAPI().copyOut(sql.toString());
            try {
                byte[] row;
                while ((row = copy.readFromCopy()) != null) {
                    sink.accept(row);
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return null;
        });
    }

    private FeeRecord feeRecord(ResultSet rs, int row) throws SQLException {
        return feeRecord(rs, text -> json.readValue(text, TAGS));
    }

    private FeeRecord feeRecord(ResultSet rs, java.util.function.Function<String, Map<String, String>> tags)
            throws SQLException {
        return new FeeRecord(rs.getLong("id"), rs.getString("customer_id"), rs.getString("resource_id"),
                rs.getString("resource_type"), rs.getString("meter"), rs.getString("spec_code"), rs.getString("region"),
                rs.getString("billing_mode"), instant(rs, "hour_start"), rs.getInt("line_no"),
                instant(rs, "period_start"), instant(rs, "period_end"),
                rs.getInt("usage_seconds"), rs.getInt("quantity"), rs.getBigDecimal("usage_quantity"),
                rs.getString("unit"), rs.getBigDecimal("unit_price"), rs.getLong("price_id"), rs.getInt("price_version"),
                rs.getString("currency").trim(), rs.getBigDecimal("list_amount"), rs.getBigDecimal("discount_amount"),
                rs.getBigDecimal("amount"), rs.getBigDecimal("charged_amount"), rs.getBigDecimal("truncated_amount"),
                rs.getBigDecimal("cash_amount"), rs.getBigDecimal("credit_amount"), rs.getBigDecimal("arrears_amount"), rs.getString("enterprise_project"),
                tags.apply(rs.getString("tags")), (Long) rs.getObject("entry_id"),
                instant(rs, "settled_at"), rs.getString("kind"),
                instant(rs, "adjusts_hour"),
                rs.getBigDecimal("free_quantity"), rs.getBigDecimal("package_quantity"), rs.getBigDecimal("coupon_amount"));
    }

    /** A timestamptz column as an instant (parsed without the Calendar work of getTimestamp), or null. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A customer's billing month (its first day in the billing zone), the key of the sub-cent carry. */
    public record MonthKey(String customerId, java.time.LocalDate month) {
    }

    /**
     * Locks the carry rows of these months (creating the missing ones), in (customer, month) order,
     * and returns the fee amounts settled in each so far.
     */
    public Map<MonthKey, BigDecimal> lockMonthFees(List<MonthKey> keys) {
        Map<MonthKey, BigDecimal> fees = new java.util.HashMap<>();
        List<MonthKey> sorted = keys.stream().sorted(java.util.Comparator.comparing(MonthKey::customerId)
                .thenComparing(MonthKey::month)).toList();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into settlement_month_charge (customer_id, month) "
                    + "select * from unnest(?::text[], ?::date[]) order by 1, 2 on conflict do nothing");
            ps.setArray(1, con.createArrayOf("text", sorted.stream().map(MonthKey::customerId).toArray()));
            ps.setArray(2, con.createArrayOf("date", sorted.stream().map(k -> java.sql.Date.valueOf(k.month())).toArray()));
            return ps;
        });
        jdbc.query(con -> {
            var ps = con.prepareStatement("select m.customer_id, m.month, m.fee_amount from settlement_month_charge m "
                    + "join unnest(?::text[], ?::date[]) as k(customer_id, month) "
                    + "on m.customer_id = k.customer_id and m.month = k.month "
                    + "order by m.customer_id, m.month for update of m");
            ps.setArray(1, con.createArrayOf("text", sorted.stream().map(MonthKey::customerId).toArray()));
            ps.setArray(2, con.createArrayOf("date", sorted.stream().map(k -> java.sql.Date.valueOf(k.month())).toArray()));
            return ps;
        }, rs -> {
            fees.put(new MonthKey(rs.getString(1), rs.getDate(2).toLocalDate()), rs.getBigDecimal(3));
        });
        return fees;
    }

    /** Moves the carry rows to their new fee totals; what was charged is that total at the cent, half-up. */
    public void saveMonthFees(Map<MonthKey, BigDecimal> fees) {
        if (fees.isEmpty()) {
            return;
        }
        List<Map.Entry<MonthKey, BigDecimal>> rows = new java.util.ArrayList<>(fees.entrySet());
        jdbc.update(con -> {
            var ps = con.prepareStatement("update settlement_month_charge m set fee_amount = v.fee, "
                    + "charged_amount = round(v.fee, 2) from unnest(?::text[], ?::date[], ?::numeric[]) "
                    + "as v (customer_id, month, fee) where m.customer_id = v.customer_id and m.month = v.month");
            ps.setArray(1, con.createArrayOf("text", rows.stream().map(e -> e.getKey().customerId()).toArray()));
            ps.setArray(2, con.createArrayOf("date", rows.stream().map(e -> java.sql.Date.valueOf(e.getKey().month()))
                    .toArray()));
            ps.setArray(3, con.createArrayOf("numeric", rows.stream().map(Map.Entry::getValue).toArray()));
            return ps;
        });
    }

    /** What a resource's settled compute and capacity lines of one (hour, meter, spec) came to, with one of them. */
    public record Billed(FeeRecord sample, BigDecimal usage, BigDecimal packaged, BigDecimal amount) {
        public static String key(Instant hour, String meter, String specCode) {
            return hour + "|" + meter + "|" + specCode;
        }
    }

    /**
     * The settled pay-per-use compute and capacity lines of a resource for the hours [from, to),
     * adjustments of those hours included, summed by hour, meter and spec (keyed by {@link Billed#key}).
     */
    public Map<String, Billed> billedCapacity(String resourceId, Instant from, Instant to) {
        Map<String, Billed> billed = new java.util.TreeMap<>();
        jdbc.query("select f.*, s.billed_hour, s.billed_usage, s.billed_packaged, s.billed_amount "
                        + "from (select coalesce(adjusts_hour, hour_start) billed_hour, meter, spec_code, "
                        + "sum(usage_quantity) billed_usage, sum(package_quantity) billed_packaged, "
                        + "sum(amount) billed_amount, max(id) sample_id "
                        + "from settlement_fee_record where resource_id = ? and billing_mode = 'PAY_PER_USE' "
                        + "and meter in ('COMPUTE', 'DISK', 'STORAGE') and coalesce(adjusts_hour, hour_start) >= ? "
                        + "and coalesce(adjusts_hour, hour_start) < ? group by 1, 2, 3) s "
                        + "join settlement_fee_record f on f.id = s.sample_id",
                rs -> {
                    FeeRecord sample = feeRecord(rs, 0);
                    billed.put(Billed.key(rs.getTimestamp("billed_hour").toInstant(), sample.meter(), sample.specCode()),
                            new Billed(sample, rs.getBigDecimal("billed_usage"), rs.getBigDecimal("billed_packaged"),
                                    rs.getBigDecimal("billed_amount")));
                },
                resourceId, Timestamp.from(from), Timestamp.from(to));
        return billed;
    }

    /** The earliest next hour of a billing resource after {@code after} (hours already due are left out). */
    public Optional<Instant> earliestActiveHour(Instant after) {
        return Optional.ofNullable(jdbc.queryForObject("select min(next_hour) from settlement_schedule where active "
                + "and next_hour > ?", Timestamp.class, Timestamp.from(after))).map(Timestamp::toInstant);
    }

    public record ResourceHour(String resourceId, Instant hour) {
    }

    /** The highest line number already used per resource and hour ("resource|hour"), for these. */
    public Map<String, Integer> maxLineNos(List<ResourceHour> keys) {
        Map<String, Integer> max = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return max;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select f.resource_id, f.hour_start, max(f.line_no) from settlement_fee_record f "
                    + "join unnest(?::text[], ?::timestamptz[]) as k(resource_id, hour_start) "
                    + "on f.resource_id = k.resource_id and f.hour_start = k.hour_start group by 1, 2");
            ps.setArray(1, con.createArrayOf("text", keys.stream().map(ResourceHour::resourceId).toArray()));
            ps.setArray(2, con.createArrayOf("timestamptz", keys.stream().map(k -> Timestamp.from(k.hour())).toArray()));
            return ps;
        }, rs -> {
            max.put(rs.getString(1) + "|" + rs.getTimestamp(2).toInstant(), rs.getInt(3));
        });
        return max;
    }
}
