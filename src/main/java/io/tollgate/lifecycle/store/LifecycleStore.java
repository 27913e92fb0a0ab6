package io.tollgate.lifecycle.store;

import io.tollgate.lifecycle.LifecycleState;
import io.tollgate.lifecycle.ResourceLifecycle;
import io.tollgate.lifecycle.core.Lifecycle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for lifecycle rows and policies. */
@Repository
public class LifecycleStore {
    private final JdbcTemplate jdbc;

    public LifecycleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ResourceLifecycle r) {
        jdbc.update("insert into lifecycle_resource (resource_id, customer_id, billing_mode, state, reason, since, "
                        + "next_transition_at, seq, deleted) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                r.resourceId(), r.customerId(), r.billingMode(), r.state().name(), r.reason(), Timestamp.from(r.since()),
                ts(r.nextTransitionAt()), r.seq(), r.deleted());
    }

    public void update(ResourceLifecycle r) {
        jdbc.update("update lifecycle_resource set billing_mode = ?, state = ?, reason = ?, since = ?, "
                        + "next_transition_at = ?, seq = ?, deleted = ? where resource_id = ?",
                r.billingMode(), r.state().name(), r.reason(), Timestamp.from(r.since()), ts(r.nextTransitionAt()),
                r.seq(), r.deleted(), r.resourceId());
    }

    public Optional<ResourceLifecycle> lock(String resourceId) {
        return jdbc.query("select * from lifecycle_resource where resource_id = ? for update", LifecycleStore::row,
                resourceId).stream().findFirst();
    }

    public Optional<ResourceLifecycle> find(String resourceId) {
        return jdbc.query("select * from lifecycle_resource where resource_id = ?", LifecycleStore::row, resourceId)
                .stream().findFirst();
    }

    /** The customer's live rows of a billing mode in the given states, locked. */
    public List<ResourceLifecycle> lockCustomer(String customerId, String billingMode, List<LifecycleState> states) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement("select * from lifecycle_resource where customer_id = ? and billing_mode = ? "
                    + "and not deleted and state = any (?) order by resource_id for update");
            ps.setString(1, customerId);
            ps.setString(2, billingMode);
            ps.setArray(3, con.createArrayOf("text", states.stream().map(Enum::name).toArray()));
            return ps;
        }, LifecycleStore::row);
    }

    public List<ResourceLifecycle> claimDue(Instant now, int limit, java.util.Collection<String> held) {
        return io.tollgate.jobs.Claims.due(jdbc, "select * from lifecycle_resource where next_transition_at <= ? "
                + "and not deleted and not (resource_id = any (?)) order by next_transition_at limit ? "
                + "for update skip locked", now, held, limit, LifecycleStore::row);
    }

    public List<ResourceLifecycle> claimDueOne(Instant now, String resourceId) {
        return jdbc.query("select * from lifecycle_resource where resource_id = ? and next_transition_at <= ? "
                + "and not deleted for update skip locked", LifecycleStore::row, resourceId, Timestamp.from(now));
    }

    public Optional<Instant> nextDue() {
        return Optional.ofNullable(jdbc.queryForObject("select min(next_transition_at) from lifecycle_resource "
                + "where not deleted", Timestamp.class)).map(Timestamp::toInstant);
    }

    /** Resources in a state whose next deadline falls in [from, to), by resource id after {@code afterId}. */
    public List<ResourceLifecycle> withDeadlineBetween(String state, Instant from, Instant to, String afterId, int limit) {
        return jdbc.query("select * from lifecycle_resource where state = ? and not deleted and next_transition_at >= ? "
                + "and next_transition_at < ? and resource_id > ? order by resource_id limit ?", LifecycleStore::row,
                state, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to), afterId, limit);
    }

    public List<ResourceLifecycle> page(String customerId, String afterId, int limit) {
        return jdbc.query("select * from lifecycle_resource where customer_id = ? and resource_id > ? "
                + "order by resource_id limit ?", LifecycleStore::row, customerId, afterId == null ? "" : afterId, limit);
    }

    public Lifecycle.Policy policy(String level) {
        return jdbc.query("select grace_days, retention_days from lifecycle_policy where level = ?",
                (rs, i) -> new Lifecycle.Policy(Duration.ofDays(rs.getInt(1)), Duration.ofDays(rs.getInt(2))), level)
                .stream().findFirst().orElse(Lifecycle.Policy.DEFAULT);
    }

    /** Every level's policy, by level. */
    public java.util.Map<String, Lifecycle.Policy> policies() {
        java.util.Map<String, Lifecycle.Policy> out = new java.util.LinkedHashMap<>();
        jdbc.query("select level, grace_days, retention_days from lifecycle_policy order by level", rs -> {
            out.put(rs.getString(1), new Lifecycle.Policy(Duration.ofDays(rs.getInt(2)), Duration.ofDays(rs.getInt(3))));
        });
        return out;
    }

    public void savePolicy(String level, int graceDays, int retentionDays) {
        jdbc.update("insert into lifecycle_policy (level, grace_days, retention_days) values (?, ?, ?) "
                + "on conflict (level) do update set grace_days = excluded.grace_days, "
                + "retention_days = excluded.retention_days", level, graceDays, retentionDays);
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    private static ResourceLifecycle row(ResultSet rs, int i) throws SQLException {
        Timestamp next = rs.getTimestamp("next_transition_at");
        return new ResourceLifecycle(rs.getString("resource_id"), rs.getString("customer_id"),
                rs.getString("billing_mode"), LifecycleState.valueOf(rs.getString("state")), rs.getString("reason"),
                rs.getTimestamp("since").toInstant(), next == null ? null : next.toInstant(), rs.getInt("seq"),
                rs.getBoolean("deleted"));
    }
}
