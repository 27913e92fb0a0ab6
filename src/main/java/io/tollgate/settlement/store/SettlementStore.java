package io.tollgate.settlement.store;

import io.tollgate.settlement.FeeRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public List<Claim> claimDue(Instant latestHour, int limit) {
        return jdbc.query("select resource_id, customer_id, next_hour from settlement_schedule "
                        + "where active and next_hour <= ? order by next_hour limit ? for update skip locked",
                (rs, i) -> new Claim(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                Timestamp.from(latestHour), limit);
    }

    public long countDue(Instant latestHour) {
        Long n = jdbc.queryForObject("select count(*) from settlement_schedule where active and next_hour <= ?",
                Long.class, Timestamp.from(latestHour));
        return n == null ? 0 : n;
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

    public void advance(List<Advance> advances) {
        jdbc.batchUpdate("update settlement_schedule set next_hour = ?, active = ? where resource_id = ?", advances, 1000,
                (ps, a) -> {
                    ps.setTimestamp(1, Timestamp.from(a.nextHour()));
                    ps.setBoolean(2, a.active());
                    ps.setString(3, a.resourceId());
                });
    }

    public void insertFeeRecords(List<FeeRecord> records) {
        jdbc.batchUpdate("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, spec_code, "
                + "region, billing_mode, hour_start, line_no, period_start, period_end, usage_seconds, quantity, "
                + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, discount_amount, "
                + "amount, charged_amount, truncated_amount, cash_amount, arrears_amount, enterprise_project, tags, "
                + "entry_id, settled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?::jsonb, ?, ?)", records, 1000, (ps, f) -> {
                    int i = 1;
                    ps.setString(i++, f.customerId());
                    ps.setString(i++, f.resourceId());
                    ps.setString(i++, f.resourceType());
                    ps.setString(i++, f.meter());
                    ps.setString(i++, f.specCode());
                    ps.setString(i++, f.region());
                    ps.setString(i++, f.billingMode());
                    ps.setTimestamp(i++, Timestamp.from(f.hourStart()));
                    ps.setInt(i++, f.lineNo());
                    ps.setTimestamp(i++, Timestamp.from(f.periodStart()));
                    ps.setTimestamp(i++, Timestamp.from(f.periodEnd()));
                    ps.setInt(i++, f.usageSeconds());
                    ps.setInt(i++, f.quantity());
                    ps.setBigDecimal(i++, f.usageQuantity());
                    ps.setString(i++, f.unit());
                    ps.setBigDecimal(i++, f.unitPrice());
                    ps.setLong(i++, f.priceId());
                    ps.setInt(i++, f.priceVersion());
                    ps.setString(i++, f.currency());
                    ps.setBigDecimal(i++, f.listAmount());
                    ps.setBigDecimal(i++, f.discountAmount());
                    ps.setBigDecimal(i++, f.amount());
                    ps.setBigDecimal(i++, f.chargedAmount());
                    ps.setBigDecimal(i++, f.truncatedAmount());
                    ps.setBigDecimal(i++, f.cashAmount());
                    ps.setBigDecimal(i++, f.arrearsAmount());
                    ps.setString(i++, f.enterpriseProject());
                    ps.setString(i++, json.writeValueAsString(f.tags()));
                    if (f.entryId() == null) {
                        ps.setNull(i++, Types.BIGINT);
                    } else {
                        ps.setLong(i++, f.entryId());
                    }
                    ps.setTimestamp(i, Timestamp.from(f.settledAt()));
                });
    }

    /** A customer's fee records with hour in [from, to), optionally of one resource, after the cursor id. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                      int limit) {
        String sql = "select * from settlement_fee_record where customer_id = ? and hour_start >= ? and hour_start < ? "
                + "and id > ? " + (resourceId == null ? "" : "and resource_id = ? ") + "order by id limit ?";
        Object[] args = resourceId == null
                ? new Object[] {customerId, Timestamp.from(from), Timestamp.from(to), afterId, limit}
                : new Object[] {customerId, Timestamp.from(from), Timestamp.from(to), afterId, resourceId, limit};
        return jdbc.query(sql, this::feeRecord, args);
    }

    private FeeRecord feeRecord(ResultSet rs, int row) throws SQLException {
        return new FeeRecord(rs.getLong("id"), rs.getString("customer_id"), rs.getString("resource_id"),
                rs.getString("resource_type"), rs.getString("meter"), rs.getString("spec_code"), rs.getString("region"),
                rs.getString("billing_mode"), rs.getTimestamp("hour_start").toInstant(), rs.getInt("line_no"),
                rs.getTimestamp("period_start").toInstant(), rs.getTimestamp("period_end").toInstant(),
                rs.getInt("usage_seconds"), rs.getInt("quantity"), rs.getBigDecimal("usage_quantity"),
                rs.getString("unit"), rs.getBigDecimal("unit_price"), rs.getLong("price_id"), rs.getInt("price_version"),
                rs.getString("currency").trim(), rs.getBigDecimal("list_amount"), rs.getBigDecimal("discount_amount"),
                rs.getBigDecimal("amount"), rs.getBigDecimal("charged_amount"), rs.getBigDecimal("truncated_amount"),
                rs.getBigDecimal("cash_amount"), rs.getBigDecimal("arrears_amount"), rs.getString("enterprise_project"),
                json.readValue(rs.getString("tags"), TAGS), (Long) rs.getObject("entry_id"),
                rs.getTimestamp("settled_at").toInstant());
    }
}
