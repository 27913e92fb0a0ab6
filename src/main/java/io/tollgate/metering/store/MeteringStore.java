package io.tollgate.metering.store;

import io.tollgate.metering.UsageLine;
import io.tollgate.shared.CopyText;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for usage records, rated lines, month usage and the settlement watermark. Writes are set-based. */
@Repository
public class MeteringStore {
    /** Ingestion holds it shared, usage settlement exclusive: a record is never judged against a moving watermark. */
    private static final long WATERMARK_LOCK = 0x746f6c6c67617465L;
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public MeteringStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record NewRecord(String recordId, String hash, String customerId, String resourceId, String meter,
                            BigDecimal quantity, Instant windowStart, Instant windowEnd) {
    }

    public record MonthKey(String customerId, String meter, LocalDate month) {
    }

    public record MonthUsage(BigDecimal used, BigDecimal billed) {
    }

    /** A resource's clock hour of a started-hour meter (file storage). */
    public record HourKey(String resourceId, String meter, Instant hour) {
    }

    public void lockWatermarkShared() {
        jdbc.query("select pg_advisory_xact_lock_shared(?)", rs -> null, WATERMARK_LOCK);
    }

    public void lockWatermarkExclusive() {
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, WATERMARK_LOCK);
    }

    public Optional<Instant> watermark() {
        return jdbc.query("select settled_through from metering_watermark where id = 1",
                (rs, i) -> rs.getTimestamp(1).toInstant()).stream().findFirst();
    }

    public void advanceWatermark(Instant to) {
        jdbc.update("insert into metering_watermark (id, settled_through) values (1, ?) on conflict (id) do update "
                + "set settled_through = greatest(metering_watermark.settled_through, excluded.settled_through)",
                Timestamp.from(to));
    }

    /**
     * Inserts the records whose id is new; returns the ids inserted. The batch is copied into a
     * per-connection staging table (COPY is far cheaper than binding arrays of 10,000 values) and
     * moved with one {@code insert ... on conflict (record_id) do nothing}.
     */
    public Set<String> insertRecords(List<NewRecord> records, Instant now) {
        if (records.isEmpty()) {
            return Set.of();
        }
        jdbc.execute("create temp table if not exists metering_stage (record_id text, content_hash text, "
                + "customer_id text, resource_id text, meter text, quantity numeric, window_start timestamptz, "
                + "window_end timestamptz, ord integer) on commit delete rows");
        StringBuilder text = new StringBuilder(records.size() * 200);
        int ord = 0;
        for (NewRecord r : records) {
            for (String v : new String[] {r.recordId(), r.hash(), r.customerId(), r.resourceId(), r.meter()}) {
                CopyText.text(text, v).append('\t');
            }
            text.append(CopyText.decimal(r.quantity())).append('\t').append(CopyText.instant(r.windowStart()))
                    .append('\t').append(CopyText.instant(r.windowEnd())).append('\t').append(ord++).append('\n');
        }
        copy("copy metering_stage from stdin", text);
        Set<String> inserted = new HashSet<>();
        // In the batch's order, so that of two records with one id the first is the one kept.
        jdbc.query("insert into metering_record (record_id, content_hash, customer_id, resource_id, meter, quantity, "
                + "window_start, window_end, received_at) select record_id, content_hash, customer_id, resource_id, "
                + "meter, quantity, window_start, window_end, ? from metering_stage order by ord "
                + "on conflict (record_id) do nothing returning record_id", rs -> {
                    inserted.add(rs.getString(1));
                }, Timestamp.from(now));
        // Emptied for the next batch of the same transaction (a combined one runs several); a delete costs far
        // less than a truncate, which gives the table a new file each time, and commit empties it anyway.
        jdbc.execute("delete from metering_stage");
        return inserted;
    }

    /** The content hashes of records already stored under these ids. */
    public Map<String, String> hashes(Collection<String> recordIds) {
        Map<String, String> hashes = new HashMap<>();
        if (recordIds.isEmpty()) {
            return hashes;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select record_id, content_hash from metering_record where record_id = any (?)");
            ps.setArray(1, array(con, "text", recordIds.toArray()));
            return ps;
        }, rs -> {
            hashes.put(rs.getString(1), rs.getString(2));
        });
        return hashes;
    }

    /** Locks (creating where missing) the month-usage rows of these keys, in key order, and returns them. */
    public Map<MonthKey, MonthUsage> lockMonths(Collection<MonthKey> keys) {
        List<MonthKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> (a.customerId() + a.meter() + a.month()).compareTo(b.customerId() + b.meter() + b.month()));
        jdbc.batchUpdate("insert into metering_month_usage (customer_id, meter, month, used, billed) values (?, ?, ?, 0, 0) "
                + "on conflict do nothing", sorted, 1000, (ps, k) -> {
                    ps.setString(1, k.customerId());
                    ps.setString(2, k.meter());
                    ps.setObject(3, k.month());
                });
        Map<MonthKey, MonthUsage> usage = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select u.customer_id, u.meter, u.month, u.used, u.billed "
                    + "from metering_month_usage u join unnest(?::text[], ?::text[], ?::date[]) as k(customer_id, meter, month) "
                    + "on u.customer_id = k.customer_id and u.meter = k.meter and u.month = k.month "
                    + "order by u.customer_id, u.meter, u.month for update of u");
            ps.setArray(1, array(con, "text", sorted.stream().map(MonthKey::customerId).toArray()));
            ps.setArray(2, array(con, "text", sorted.stream().map(MonthKey::meter).toArray()));
            ps.setArray(3, array(con, "date", sorted.stream().map(k -> java.sql.Date.valueOf(k.month())).toArray()));
            return ps;
        }, rs -> {
            usage.put(new MonthKey(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate()),
                    new MonthUsage(rs.getBigDecimal(4), rs.getBigDecimal(5)));
        });
        return usage;
    }

    /**
     * Locks (creating where missing, at zero) the peak quantity of these resource-hours, in key
     * order, and returns them. Ingestion takes them after the month rows and before the packages.
     */
    public Map<HourKey, BigDecimal> lockHourPeaks(Collection<HourKey> keys) {
        Map<HourKey, BigDecimal> peaks = new HashMap<>();
        if (keys.isEmpty()) {
            return peaks;
        }
        List<HourKey> sorted = new ArrayList<>(keys);
        sorted.sort(java.util.Comparator.comparing(HourKey::resourceId).thenComparing(HourKey::meter)
                .thenComparing(HourKey::hour));
        jdbc.batchUpdate("insert into metering_hour_peak (resource_id, meter, hour, peak) values (?, ?, ?, 0) "
                + "on conflict do nothing", sorted, 1000, (ps, k) -> {
                    ps.setString(1, k.resourceId());
                    ps.setString(2, k.meter());
                    ps.setTimestamp(3, Timestamp.from(k.hour()));
                });
        jdbc.query(con -> {
            var ps = con.prepareStatement("select p.resource_id, p.meter, p.hour, p.peak from metering_hour_peak p "
                    + "join unnest(?::text[], ?::text[], ?::timestamptz[]) as k(resource_id, meter, hour) "
                    + "on p.resource_id = k.resource_id and p.meter = k.meter and p.hour = k.hour "
                    + "order by p.resource_id, p.meter, p.hour for update of p");
            ps.setArray(1, array(con, "text", sorted.stream().map(HourKey::resourceId).toArray()));
            ps.setArray(2, array(con, "text", sorted.stream().map(HourKey::meter).toArray()));
            ps.setArray(3, array(con, "timestamptz", sorted.stream().map(k -> Timestamp.from(k.hour())).toArray()));
            return ps;
        }, rs -> {
            peaks.put(new HourKey(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                    rs.getBigDecimal(4));
        });
        return peaks;
    }

    public void saveHourPeaks(Map<HourKey, BigDecimal> peaks) {
        jdbc.batchUpdate("update metering_hour_peak set peak = ? where resource_id = ? and meter = ? and hour = ?",
                new ArrayList<>(peaks.entrySet()), 1000, (ps, e) -> {
                    ps.setBigDecimal(1, e.getValue());
                    ps.setString(2, e.getKey().resourceId());
                    ps.setString(3, e.getKey().meter());
                    ps.setTimestamp(4, Timestamp.from(e.getKey().hour()));
                });
    }

    public void saveMonths(Map<MonthKey, MonthUsage> usage) {
        jdbc.batchUpdate("update metering_month_usage set used = ?, billed = ? where customer_id = ? and meter = ? "
                + "and month = ?", new ArrayList<>(usage.entrySet()), 1000, (ps, e) -> {
                    ps.setBigDecimal(1, e.getValue().used());
                    ps.setBigDecimal(2, e.getValue().billed());
                    ps.setString(3, e.getKey().customerId());
                    ps.setString(4, e.getKey().meter());
                    ps.setObject(5, e.getKey().month());
                });
    }

    /** Writes rated lines with COPY, in the caller's transaction. */
    public void insertLines(List<UsageLine> lines, Map<String, Map<String, String>> attributes) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(lines.size() * 320);
        Map<Map<String, String>, String> tagTexts = new HashMap<>();
        for (UsageLine l : lines) {
            for (String v : new String[] {l.recordId(), l.customerId(), l.resourceId(), l.resourceType(), l.meter(),
                    l.region()}) {
                CopyText.text(text, v).append('\t');
            }
            text.append(CopyText.instant(l.usageHour())).append('\t').append(CopyText.instant(l.billingHour()))
                    .append('\t').append(l.adjustment() ? 't' : 'f').append('\t');
            for (BigDecimal v : new BigDecimal[] {l.quantity(), l.freeQuantity(), l.packageQuantity(),
                    l.billableQuantity()}) {
                text.append(CopyText.decimal(v)).append('\t');
            }
            CopyText.text(text, l.priceUnit()).append('\t');
            text.append(l.priceId()).append('\t').append(l.priceVersion()).append('\t');
            CopyText.text(text, l.currency()).append('\t');
            text.append(CopyText.decimal(l.amount())).append('\t');
            CopyText.text(text, l.enterpriseProject()).append('\t');
            CopyText.text(text, tagTexts.computeIfAbsent(l.tags(), json::writeValueAsString)).append('\t');
            Map<String, String> attrs = attributes.get(l.recordId());
            CopyText.text(text, attrs == null ? "{}" : json.writeValueAsString(attrs)).append('\t');
            text.append(CopyText.instant(l.receivedAt())).append('\t').append(l.kind().name()).append('\n');
        }
        copy("copy metering_usage_line (record_id, customer_id, resource_id, resource_type, meter, region, "
                + "usage_hour, billing_hour, adjustment, quantity, free_quantity, package_quantity, "
                + "billable_quantity, price_unit, price_id, price_version, currency, amount, enterprise_project, "
                + "tags, attributes, received_at, kind) from stdin", text);
    }

    /** Unsettled lines billed in hours up to {@code throughHour}, oldest first, at most {@code limit}. */
    /**
     * The unsettled lines of the first {@code groups} (resource, meter, billing hour) groups billed
     * up to {@code throughHour}: every line of a group comes in the same call, however many there
     * are, so that a resource's meter-hour settles into one fee record whatever the batch size.
     */
    public List<UsageLine> unsettled(Instant throughHour, int groups, java.util.Collection<String> heldResources) {
        return io.tollgate.jobs.Claims.due(jdbc, "with g as (select distinct billing_hour, resource_id, meter "
                + "from metering_usage_line where not settled and billing_hour <= ? "
                + "and not (resource_id = any (?)) order by 1, 2, 3 limit ?) "
                + "select l.* from metering_usage_line l join g on l.billing_hour = g.billing_hour "
                + "and l.resource_id = g.resource_id and l.meter = g.meter where not l.settled "
                + "order by l.billing_hour, l.resource_id, l.meter, l.id", throughHour, heldResources, groups,
                this::line);
    }

    /** Every unsettled line of one resource billed up to {@code throughHour}, in settlement order. */
    public List<UsageLine> unsettledOfResource(Instant throughHour, String resourceId) {
        return jdbc.query("select * from metering_usage_line where not settled and billing_hour <= ? "
                + "and resource_id = ? order by billing_hour, meter, id", this::line, Timestamp.from(throughHour),
                resourceId);
    }

    public Optional<Instant> earliestUnsettledHour() {
        return Optional.ofNullable(jdbc.queryForObject("select min(billing_hour) from metering_usage_line where not settled",
                Timestamp.class)).map(Timestamp::toInstant);
    }

    public void markSettled(List<Long> ids) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("update metering_usage_line set settled = true where id = any (?) returning id");
            ps.setArray(1, array(con, "bigint", ids.toArray()));
            return ps;
        }, rs -> {
        });
    }

    /** A customer's rated lines not settled yet, of usage hours in [from, to), optionally of one resource. */
    public List<UsageLine> unsettledOf(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                       int limit) {
        // By the hour the line is billed in, as settled lines: a late line belongs to the open month.
        String sql = "select * from metering_usage_line where customer_id = ? and not settled and billing_hour >= ? "
                + "and billing_hour < ? and id > ? " + (resourceId == null ? "" : "and resource_id = ? ")
                + "order by id limit ?";
        Object[] args = resourceId == null
                ? new Object[] {customerId, Timestamp.from(from), Timestamp.from(to), afterId, limit}
                : new Object[] {customerId, Timestamp.from(from), Timestamp.from(to), afterId, resourceId, limit};
        return jdbc.query(sql, this::line, args);
    }

    public boolean hasUnsettledBefore(String customerId, Instant before) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from metering_usage_line where not settled "
                + "and billing_hour < ? and customer_id = ?)", Boolean.class, Timestamp.from(before), customerId));
    }

    /** Streams rows in COPY text format to PostgreSQL, in the caller's transaction. */
    private void copy(String sql, StringBuilder rows) {
        byte[] bytes = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) con -> {
            org.postgresql.copy.CopyIn copy = con.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql);
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

    private static Array array(Connection con, String type, Object[] values) throws SQLException {
        return con.createArrayOf(type, values);
    }

    private UsageLine line(ResultSet rs, int row) throws SQLException {
        return new UsageLine(rs.getLong("id"), rs.getString("record_id"), rs.getString("customer_id"),
                rs.getString("resource_id"), rs.getString("resource_type"), rs.getString("meter"), rs.getString("region"),
                rs.getTimestamp("usage_hour").toInstant(), rs.getTimestamp("billing_hour").toInstant(),
                rs.getBoolean("adjustment"), rs.getBigDecimal("quantity"), rs.getBigDecimal("free_quantity"),
                rs.getBigDecimal("package_quantity"), rs.getBigDecimal("billable_quantity"), rs.getString("price_unit"),
                rs.getLong("price_id"), rs.getInt("price_version"), rs.getString("currency").trim(),
                rs.getBigDecimal("amount"), rs.getString("enterprise_project"), json.readValue(rs.getString("tags"), TAGS),
                rs.getTimestamp("received_at").toInstant(), rs.getBoolean("settled"),
                UsageLine.Kind.valueOf(rs.getString("kind")));
    }
}
