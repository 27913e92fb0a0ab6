package io.tollgate.notify.webhook.store;

import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.webhook.WebhookAttempt;
import io.tollgate.notify.webhook.WebhookDelivery;
import io.tollgate.notify.webhook.WebhookEndpoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for webhook endpoints, their deliveries and attempts. */
@Repository
public class WebhookStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** The columns of a delivery as {@link #delivery} reads them. */
    private static final String DELIVERY = "id, endpoint_id, event_id, position, topic, customer_id, subject_id, state, "
            + "attempts, first_due_at, next_attempt_at, last_status, last_error, delivered_at";
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public WebhookStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An endpoint's signing secrets: the current one, and the previous one while it still signs. */
    public record Secrets(String current, String previous, Instant previousUntil) {
        public List<String> signingAt(Instant at) {
            return previous != null && previousUntil != null && at.isBefore(previousUntil)
                    ? List.of(current, previous) : List.of(current);
        }
    }

    /** A delivery claimed under a lease: the endpoint to call, the event and the attempt's number. */
    public record Claimed(long deliveryId, UUID lease, int attempt, String url, Secrets secrets, OutboxEvent event) {
    }

    public long insertEndpoint(String url, String description, List<String> eventTypes, String secret,
                               long cursor, Instant now) {
        return jdbc.queryForObject("insert into notify_webhook_endpoint (url, description, event_types, secret, "
                + "cursor_position, created_at, updated_at) values (?, ?, array(select jsonb_array_elements_text(?::jsonb)), "
                + "?, ?, ?, ?) returning id", Long.class, url, description, json.writeValueAsString(eventTypes), secret,
                cursor, Timestamp.from(now), Timestamp.from(now));
    }

    public List<WebhookEndpoint> endpoints() {
        return jdbc.query("select * from notify_webhook_endpoint order by id", this::endpointRow);
    }

    public Optional<WebhookEndpoint> endpoint(long id) {
        return jdbc.query("select * from notify_webhook_endpoint where id = ?", this::endpointRow, id).stream().findFirst();
    }

    public void updateEndpoint(long id, String url, String description, List<String> eventTypes, boolean enabled,
                               Instant now) {
        jdbc.update("update notify_webhook_endpoint set url = ?, description = ?, "
                + "event_types = array(select jsonb_array_elements_text(?::jsonb)), enabled = ?, updated_at = ? "
                + "where id = ?", url, description, json.writeValueAsString(eventTypes), enabled, Timestamp.from(now), id);
    }

    /** The new secret signs from now on; the one it replaces signs too until {@code previousUntil}. */
    public void rotate(long id, String secret, Instant previousUntil, Instant now) {
        jdbc.update("update notify_webhook_endpoint set previous_secret = secret, previous_until = ?, secret = ?, "
                + "updated_at = ? where id = ?", Timestamp.from(previousUntil), secret, Timestamp.from(now), id);
    }

    public long newestPosition() {
        return jdbc.queryForObject("select coalesce(max(position), 0) from notify_outbox", Long.class);
    }

    public List<Long> enabledEndpoints() {
        return jdbc.queryForList("select id from notify_webhook_endpoint where enabled order by id", Long.class);
    }

    /**
     * Copies the endpoint's next events (at most {@code limit}, after its cursor, in commit order)
     * into deliveries when their topic matches, and moves the cursor past them; an endpoint
     * another instance is copying for is skipped. Returns the number of events read.
     */
    public int fanOut(long endpointId, int limit, Instant now) {
        return jdbc.queryForObject("""
                with ep as (select id, cursor_position, event_types from notify_webhook_endpoint
                            where id = ? and enabled for update skip locked),
                     ev as (select o.event_id, o.position, o.topic, o.customer_id, o.subject_id
                            from notify_outbox o, ep where o.position > ep.cursor_position
                            order by o.position limit ?),
                     ins as (insert into notify_webhook_delivery (endpoint_id, event_id, position, topic, customer_id,
                                 subject_id, state, first_due_at, next_attempt_at)
                             select ep.id, ev.event_id, ev.position, ev.topic, ev.customer_id, ev.subject_id, 'PENDING', ?, ?
                             from ev, ep
                             where cardinality(ep.event_types) = 0
                                or exists (select 1 from unnest(ep.event_types) t where starts_with(ev.topic, t))
                             on conflict (endpoint_id, event_id) do nothing),
                     moved as (update notify_webhook_endpoint e set cursor_position = (select max(position) from ev)
                               from ep where e.id = ep.id and exists (select 1 from ev))
                select count(*)::int from ev""", Integer.class, endpointId, limit, Timestamp.from(now), Timestamp.from(now));
    }

    /** Endpoints with a delivery that may be claimed now. */
    public List<Long> endpointsDue(Instant now) {
        return jdbc.queryForList("select distinct endpoint_id from notify_webhook_delivery where state = 'PENDING' "
                + "and next_attempt_at <= ? and (leased_until is null or leased_until <= ?)", Long.class,
                Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * Claims the endpoint's due deliveries that head their subject's order (no earlier event of
     * the same customer and subject is undelivered), at most {@code limit}, under a new lease
     * until {@code leaseUntil}; each gets an IN_FLIGHT attempt row, and an attempt left IN_FLIGHT
     * by a holder whose lease expired becomes UNKNOWN.
     */
    public List<Claimed> claim(long endpointId, Instant now, Instant leaseUntil, int limit) {
        UUID lease = UUID.randomUUID();
        List<long[]> rows = jdbc.query("""
                with c as (select d.id from notify_webhook_delivery d
                           where d.endpoint_id = ? and d.state = 'PENDING' and d.next_attempt_at <= ?
                             and (d.leased_until is null or d.leased_until <= ?)
                             and not exists (select 1 from notify_webhook_delivery e
                                             where e.endpoint_id = d.endpoint_id and e.customer_id = d.customer_id
                                               and e.subject_id = d.subject_id and e.state <> 'DELIVERED'
                                               and e.position < d.position)
                           order by d.position limit ? for update of d skip locked)
                update notify_webhook_delivery d set lease_token = ?, leased_until = ?, attempts = d.attempts + 1
                from c where d.id = c.id returning d.id, d.attempts""",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, endpointId, Timestamp.from(now),
                Timestamp.from(now), limit, lease, Timestamp.from(leaseUntil));
        if (rows.isEmpty()) {
            return List.of();
        }
        Long[] ids = rows.stream().map(r -> r[0]).toArray(Long[]::new);
        jdbc.update(con -> {
            var ps = con.prepareStatement("update notify_webhook_attempt set outcome = 'UNKNOWN', error = "
                    + "'the lease expired before an outcome was recorded (the process stopped)' "
                    + "where delivery_id = any (?) and outcome = 'IN_FLIGHT'");
            ps.setArray(1, con.createArrayOf("bigint", ids));
            return ps;
        });
        jdbc.batchUpdate("insert into notify_webhook_attempt (delivery_id, attempt, attempted_at, outcome) "
                + "values (?, ?, ?, 'IN_FLIGHT')", rows.stream()
                .map(r -> new Object[] {r[0], (int) r[1], Timestamp.from(now)}).toList());
        WebhookEndpoint ep = endpoint(endpointId).orElseThrow();
        Secrets secrets = secrets(endpointId);
        List<Claimed> claimed = new ArrayList<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select d.id, o.* from notify_webhook_delivery d "
                    + "join notify_outbox o on o.event_id = d.event_id where d.id = any (?) order by d.position");
            ps.setArray(1, con.createArrayOf("bigint", ids));
            return ps;
        }, rs -> {
            long id = rs.getLong(1);
            int attempt = (int) rows.stream().filter(r -> r[0] == id).findFirst().orElseThrow()[1];
            claimed.add(new Claimed(id, lease, attempt, ep.url(), secrets, event(rs)));
        });
        return claimed;
    }

    private Secrets secrets(long endpointId) {
        return jdbc.queryForObject("select secret, previous_secret, previous_until from notify_webhook_endpoint "
                + "where id = ?", (rs, i) -> new Secrets(rs.getString(1), rs.getString(2),
                instant(rs, "previous_until")), endpointId);
    }

    /**
     * Records an attempt's outcome if the lease is still the caller's (a holder whose lease
     * expired records nothing: the delivery has been claimed again). {@code nextAttemptAt} null
     * and {@code dead} false: delivered.
     */
    public boolean complete(Claimed c, String outcome, Integer status, String error, int durationMs,
                            Instant now, Instant nextAttemptAt, boolean dead) {
        String state = "DELIVERED".equals(outcome) ? "DELIVERED" : dead ? "DEAD" : "PENDING";
        int updated = jdbc.update("update notify_webhook_delivery set state = ?, lease_token = null, "
                + "leased_until = null, last_status = ?::integer, last_error = ?::text, "
                + "next_attempt_at = coalesce(?::timestamptz, next_attempt_at), "
                + "delivered_at = case when ?::text = 'DELIVERED' then ?::timestamptz end "
                + "where id = ? and lease_token = ?::uuid", state, status,
                error, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), state, Timestamp.from(now),
                c.deliveryId(), c.lease());
        if (updated == 1) {
            jdbc.update("update notify_webhook_attempt set outcome = ?, status_code = ?::integer, error = ?::text, "
                    + "duration_ms = ? "
                    + "where delivery_id = ? and attempt = ?", outcome, status, error, durationMs, c.deliveryId(),
                    c.attempt());
        }
        return updated == 1;
    }

    /** Puts dead deliveries (of one id, or all of an endpoint) back to be sent now; returns how many. */
    public int replay(Long deliveryId, Long endpointId, Instant now) {
        return jdbc.update("update notify_webhook_delivery set state = 'PENDING', first_due_at = ?, next_attempt_at = ?, "
                + "lease_token = null, leased_until = null where state = 'DEAD' and (?::bigint is null or id = ?) "
                + "and (?::bigint is null or endpoint_id = ?)", Timestamp.from(now), Timestamp.from(now), deliveryId,
                deliveryId, endpointId, endpointId);
    }

    public Optional<WebhookDelivery> delivery(long id) {
        return jdbc.query("select " + DELIVERY + " from notify_webhook_delivery where id = ?", this::deliveryRow, id)
                .stream().findFirst();
    }

    /** Deliveries after an id, oldest first, of one endpoint and state when given. */
    public List<WebhookDelivery> deliveries(Long endpointId, String state, long afterId, int limit) {
        return jdbc.query("select " + DELIVERY + " from notify_webhook_delivery where id > ? "
                + "and (?::bigint is null or endpoint_id = ?) and (?::text is null or state = ?) order by id limit ?",
                this::deliveryRow, afterId, endpointId, endpointId, state, state, limit);
    }

    public List<WebhookAttempt> attempts(long deliveryId) {
        return jdbc.query("select * from notify_webhook_attempt where delivery_id = ? order by attempt",
                (rs, i) -> new WebhookAttempt(rs.getInt("attempt"), instant(rs, "attempted_at"), rs.getString("outcome"),
                        (Integer) rs.getObject("status_code"), rs.getString("error"),
                        (Integer) rs.getObject("duration_ms")), deliveryId);
    }

    /** Deliveries by state, and when the oldest undelivered one fell due (for the gauges). */
    public record Backlog(long pending, long delivered, long dead, Instant oldestUndelivered) {
    }

    public Backlog backlog() {
        return jdbc.queryForObject("select count(*) filter (where state = 'PENDING'), "
                + "count(*) filter (where state = 'DELIVERED'), count(*) filter (where state = 'DEAD'), "
                + "min(first_due_at) filter (where state <> 'DELIVERED') from notify_webhook_delivery",
                (rs, i) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3), instant(rs, "min")));
    }

    private WebhookEndpoint endpointRow(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new WebhookEndpoint(rs.getLong("id"), rs.getString("url"), rs.getString("description"),
                List.of((String[]) types.getArray()), rs.getBoolean("enabled"), rs.getLong("cursor_position"),
                instant(rs, "previous_until"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private WebhookDelivery deliveryRow(ResultSet rs, int row) throws SQLException {
        return new WebhookDelivery(rs.getLong("id"), rs.getLong("endpoint_id"), rs.getString("event_id"),
                rs.getLong("position"), rs.getString("topic"), rs.getString("customer_id"), rs.getString("subject_id"),
                rs.getString("state"), rs.getInt("attempts"), instant(rs, "first_due_at"), instant(rs, "next_attempt_at"),
                (Integer) rs.getObject("last_status"), rs.getString("last_error"), instant(rs, "delivered_at"));
    }

    private OutboxEvent event(ResultSet rs) throws SQLException {
        return new OutboxEvent(rs.getLong("position"), rs.getString("event_id"), rs.getString("topic"),
                rs.getString("customer_id"), rs.getString("subject_id"), json.readValue(rs.getString("payload"), MAP),
                instant(rs, "occurred_at"), instant(rs, "recorded_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
