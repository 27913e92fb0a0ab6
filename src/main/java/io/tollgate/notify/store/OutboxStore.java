package io.tollgate.notify.store;

import io.tollgate.notify.OutboxEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the outbox. */
@Repository
public class OutboxStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public OutboxStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean append(String eventId, String topic, String customerId, String subjectId, Map<String, Object> payload,
                          Instant occurredAt, Instant now) {
        return jdbc.update("insert into notify_outbox (event_id, topic, customer_id, subject_id, payload, occurred_at, "
                + "recorded_at) values (?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (event_id) do nothing", eventId, topic,
                customerId, subjectId, json.writeValueAsString(payload), Timestamp.from(occurredAt),
                Timestamp.from(now)) == 1;
    }

    /**
     * Events after {@code afterPosition} in commit order. Rows of transactions still in flight
     * have no position yet (it is assigned at their commit) and are not visible anyway.
     */
    public List<OutboxEvent> after(long afterPosition, String customerId, String topicPrefix, int limit) {
        StringBuilder sql = new StringBuilder("select * from notify_outbox where position > ?");
        List<Object> args = new java.util.ArrayList<>(List.of(afterPosition));
        if (customerId != null) {
            sql.append(" and customer_id = ?");
            args.add(customerId);
        }
        if (topicPrefix != null) {
            sql.append(" and topic like ?");
            args.add(topicPrefix.replace("%", "") + "%");
        }
        sql.append(" order by position limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::event, args.toArray());
    }

    /** The number of events and the newest position, for the backlog gauges. */
    public long[] totals() {
        return jdbc.queryForObject("select count(*), coalesce(max(position), 0) from notify_outbox",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    private OutboxEvent event(ResultSet rs, int row) throws SQLException {
        return new OutboxEvent(rs.getLong("position"), rs.getString("event_id"), rs.getString("topic"),
                rs.getString("customer_id"), rs.getString("subject_id"), json.readValue(rs.getString("payload"), MAP),
                rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("recorded_at").toInstant());
    }
}
