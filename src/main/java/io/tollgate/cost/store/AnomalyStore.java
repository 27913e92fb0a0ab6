package io.tollgate.cost.store;

import io.tollgate.cost.AnomalyService;
import io.tollgate.cost.core.Anomaly;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Anomaly monitors and the anomalies they found (V26_2). */
@Repository
public class AnomalyStore {
    private final JdbcTemplate jdbc;

    public AnomalyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void lockCustomer(String customerId) {
        jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "cost-monitors:" + customerId);
    }

    public long monitorCount(String customerId) {
        Long n = jdbc.queryForObject("select count(*) from cost_anomaly_monitor where customer_id = ?", Long.class,
                customerId);
        return n == null ? 0 : n;
    }

    public boolean monitorNameTaken(String customerId, String name) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from cost_anomaly_monitor where "
                + "customer_id = ? and name = ?)", Boolean.class, customerId, name));
    }

    public long insertMonitor(AnomalyService.Monitor m) {
        Long id = jdbc.queryForObject("insert into cost_anomaly_monitor (customer_id, name, scope, tag_key, value, "
                        + "growth_percent, next_check_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id",
                Long.class, m.customerId(), m.name(), m.scope().name(), m.tagKey(), m.value(), m.growthPercent(),
                Timestamp.from(m.nextCheckAt()), Timestamp.from(m.createdAt()));
        return id == null ? 0 : id;
    }

    public Optional<AnomalyService.Monitor> monitor(String customerId, long id) {
        return jdbc.query("select * from cost_anomaly_monitor where customer_id = ? and id = ?", AnomalyStore::monitor,
                customerId, id).stream().findFirst();
    }

    public List<AnomalyService.Monitor> monitors(String customerId) {
        return jdbc.query("select * from cost_anomaly_monitor where customer_id = ? order by id", AnomalyStore::monitor,
                customerId);
    }

    public boolean deleteMonitor(String customerId, long id) {
        return jdbc.update("delete from cost_anomaly_monitor where customer_id = ? and id = ?", customerId, id) > 0;
    }

    public List<AnomalyService.Monitor> claimDue(Instant now, Collection<String> held, int limit) {
        return jdbc.query("select * from cost_anomaly_monitor where next_check_at <= ? and not (id::text = any (?)) "
                        + "order by next_check_at, id limit ? for update skip locked", AnomalyStore::monitor,
                Timestamp.from(now), held.toArray(String[]::new), limit);
    }

    public List<AnomalyService.Monitor> claimOne(long id, Instant now) {
        return jdbc.query("select * from cost_anomaly_monitor where id = ? and next_check_at <= ? for update skip locked",
                AnomalyStore::monitor, id, Timestamp.from(now));
    }

    public Optional<Instant> nextDue() {
        Timestamp t = jdbc.queryForObject("select min(next_check_at) from cost_anomaly_monitor", Timestamp.class);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    public void rescheduleMonitor(long id, Instant next) {
        jdbc.update("update cost_anomaly_monitor set next_check_at = ? where id = ?", Timestamp.from(next), id);
    }

    public Optional<AnomalyService.Found> openEndingOn(long monitorId, String group, String rule, LocalDate day) {
        return jdbc.query("select * from cost_anomaly where monitor_id = ? and group_key = ? and rule = ? "
                        + "and last_day = ? and status = 'OPEN' for update", AnomalyStore::found, monitorId, group, rule,
                Date.valueOf(day)).stream().findFirst();
    }

    public Optional<AnomalyService.Found> openSince(long monitorId, String group, String rule, LocalDate since) {
        return jdbc.query("select * from cost_anomaly where monitor_id = ? and group_key = ? and rule = ? "
                        + "and first_day >= ? and status = 'OPEN' order by id desc limit 1 for update",
                AnomalyStore::found, monitorId, group, rule, Date.valueOf(since)).stream().findFirst();
    }

    public long insertAnomaly(AnomalyService.Monitor m, String group, String rule, LocalDate day,
                              Anomaly.Severity severity, BigDecimal impact, BigDecimal actual, BigDecimal expected,
                              Instant now) {
        Long id = jdbc.queryForObject("insert into cost_anomaly (monitor_id, customer_id, group_key, rule, first_day, "
                        + "last_day, severity, impact, actual, expected, status, detected_at, updated_at) values "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) returning id", Long.class, m.id(), m.customerId(),
                group, rule, Date.valueOf(day), Date.valueOf(day), severity.name(), impact, actual, expected,
                Timestamp.from(now), Timestamp.from(now));
        return id == null ? 0 : id;
    }

    public void extend(long id, LocalDate day, Anomaly.Severity severity, BigDecimal impact, BigDecimal actual,
                       BigDecimal expected, Instant now) {
        jdbc.update("update cost_anomaly set last_day = ?, severity = ?, impact = ?, actual = ?, expected = ?, "
                        + "updated_at = ? where id = ?", Date.valueOf(day), severity.name(), impact, actual, expected,
                Timestamp.from(now), id);
    }

    public List<AnomalyService.Found> anomalies(String customerId) {
        return jdbc.query("select * from cost_anomaly where customer_id = ? order by first_day desc, id desc",
                AnomalyStore::found, customerId);
    }

    public Optional<AnomalyService.Found> anomaly(String customerId, long id) {
        return jdbc.query("select * from cost_anomaly where customer_id = ? and id = ?", AnomalyStore::found,
                customerId, id).stream().findFirst();
    }

    public boolean setStatus(String customerId, long id, String status, Instant now) {
        return jdbc.update("update cost_anomaly set status = ?, updated_at = ? where customer_id = ? and id = ?",
                status, Timestamp.from(now), customerId, id) > 0;
    }

    private static AnomalyService.Monitor monitor(ResultSet rs, int row) throws SQLException {
        return new AnomalyService.Monitor(rs.getLong("id"), rs.getString("customer_id"), rs.getString("name"),
                AnomalyService.Scope.valueOf(rs.getString("scope")), rs.getString("tag_key"), rs.getString("value"),
                rs.getBigDecimal("growth_percent"), rs.getTimestamp("next_check_at").toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }

    private static AnomalyService.Found found(ResultSet rs, int row) throws SQLException {
        return new AnomalyService.Found(rs.getLong("id"), rs.getLong("monitor_id"), rs.getString("customer_id"),
                rs.getString("group_key"), rs.getString("rule"), rs.getDate("first_day").toLocalDate(),
                rs.getDate("last_day").toLocalDate(), Anomaly.Severity.valueOf(rs.getString("severity")),
                rs.getBigDecimal("impact"), rs.getBigDecimal("actual"), rs.getBigDecimal("expected"),
                rs.getString("status"), rs.getTimestamp("detected_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
