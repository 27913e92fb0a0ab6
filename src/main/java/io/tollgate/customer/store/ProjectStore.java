package io.tollgate.customer.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A customer's enterprise projects (V26_8). */
@Repository
public class ProjectStore {
    private final JdbcTemplate jdbc;

    public ProjectStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A project and its description. */
    public record Project(String name, String description, Instant createdAt) {
    }

    /** Registers the project unless it exists; true when it was new. */
    public boolean insert(String customerId, String name, String description, Instant at) {
        return jdbc.update("insert into customer_enterprise_project (customer_id, name, description, created_at) "
                + "values (?, ?, ?, ?) on conflict do nothing", customerId, name, description, Timestamp.from(at)) > 0;
    }

    public boolean exists(String customerId, String name) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from customer_enterprise_project "
                + "where customer_id = ? and name = ?)", Boolean.class, customerId, name));
    }

    /**
     * Registers a project a resource named, as of that resource's time; when several name it, the
     * earliest time stays (whatever order they arrive in).
     */
    public void seen(String customerId, String name, Instant at) {
        jdbc.update("insert into customer_enterprise_project as p (customer_id, name, description, created_at) "
                + "values (?, ?, null, ?) on conflict (customer_id, name) do update set created_at = excluded.created_at "
                + "where excluded.created_at < p.created_at", customerId, name, Timestamp.from(at));
    }

    public long count(String customerId) {
        Long n = jdbc.queryForObject("select count(*) from customer_enterprise_project where customer_id = ?",
                Long.class, customerId);
        return n == null ? 0 : n;
    }

    public List<Project> list(String customerId) {
        return jdbc.query("select * from customer_enterprise_project where customer_id = ? order by name",
                (rs, i) -> new Project(rs.getString("name"), rs.getString("description"),
                        rs.getTimestamp("created_at").toInstant()), customerId);
    }
}
