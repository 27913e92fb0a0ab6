package io.tollgate.cost.store;

import io.tollgate.cost.CostRequest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Saved cost reports (V26_3). */
@Repository
public class ReportStore {
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public ReportStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A saved report: its id, name and question. */
    public record Saved(long id, String name, CostRequest request, Instant createdAt) {
    }

    public long count(String customerId) {
        Long n = jdbc.queryForObject("select count(*) from cost_report where customer_id = ?", Long.class, customerId);
        return n == null ? 0 : n;
    }

    /** Inserts the report unless the name is taken; empty when it is. */
    public Optional<Long> insert(String customerId, String name, CostRequest request, Instant at) {
        return jdbc.queryForList("insert into cost_report (customer_id, name, request, created_at) values (?, ?, "
                        + "?::jsonb, ?) on conflict (customer_id, name) do nothing returning id", Long.class, customerId,
                name, json.writeValueAsString(request), Timestamp.from(at)).stream().findFirst();
    }

    public List<Saved> list(String customerId) {
        return jdbc.query("select * from cost_report where customer_id = ? order by id", this::saved, customerId);
    }

    public Optional<Saved> find(String customerId, long id) {
        return jdbc.query("select * from cost_report where customer_id = ? and id = ?", this::saved, customerId, id)
                .stream().findFirst();
    }

    private Saved saved(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Saved(rs.getLong("id"), rs.getString("name"), json.readValue(rs.getString("request"),
                CostRequest.class), rs.getTimestamp("created_at").toInstant());
    }

    public boolean delete(String customerId, long id) {
        return jdbc.update("delete from cost_report where customer_id = ? and id = ?", customerId, id) > 0;
    }
}
