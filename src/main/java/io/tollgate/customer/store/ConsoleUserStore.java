package io.tollgate.customer.store;

import io.tollgate.customer.ConsoleSignIn;
import io.tollgate.customer.ConsoleUser;
import io.tollgate.customer.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for console users. */
@Repository
public class ConsoleUserStore {
    private static final String COLUMNS = "id, email, display_name, role, customer_id, failed_attempts, locked_until, "
            + "disabled_at, last_sign_in_at, created_at";
    private final JdbcTemplate jdbc;

    public ConsoleUserStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The new user's id, or empty when the e-mail is taken. */
    public Optional<Long> insert(String email, String hash, Role role, String customerId, String name, Instant now) {
        return jdbc.queryForList("insert into customer_console_user (email, password_hash, role, customer_id, "
                + "display_name, created_at) values (?, ?, ?, ?, ?, ?) on conflict (lower(email)) do nothing "
                + "returning id", Long.class, email, hash, role.name(), customerId, name, Timestamp.from(now))
                .stream().findFirst();
    }

    public Optional<ConsoleSignIn> findByEmail(String email) {
        return jdbc.query("select " + COLUMNS + ", password_hash from customer_console_user where lower(email) = lower(?)",
                (rs, i) -> new ConsoleSignIn(user(rs), rs.getString("password_hash")), email).stream().findFirst();
    }

    public Optional<ConsoleUser> find(long id) {
        return jdbc.query("select " + COLUMNS + " from customer_console_user where id = ?", (rs, i) -> user(rs), id)
                .stream().findFirst();
    }

    /** Users of one customer, or the operators when {@code customerId} is null. */
    public List<ConsoleUser> list(String customerId) {
        return jdbc.query("select " + COLUMNS + " from customer_console_user where customer_id is not distinct from ? "
                + "order by id", (rs, i) -> user(rs), customerId);
    }

    /** Counts one failure and locks the user when it reaches {@code limit}; returns the new count. */
    public int recordFailure(String email, int limit, Instant lockUntil) {
        return jdbc.queryForList("update customer_console_user set failed_attempts = failed_attempts + 1, "
                + "locked_until = case when failed_attempts + 1 >= ? then ? else locked_until end "
                + "where lower(email) = lower(?) returning failed_attempts", Integer.class, limit,
                Timestamp.from(lockUntil), email).stream().findFirst().orElse(0);
    }

    public void recordSuccess(long id, Instant now) {
        jdbc.update("update customer_console_user set failed_attempts = 0, locked_until = null, last_sign_in_at = ? "
                + "where id = ?", Timestamp.from(now), id);
    }

    /** A lock that has run out starts a fresh count. */
    public void clearExpiredLock(long id, Instant now) {
        jdbc.update("update customer_console_user set failed_attempts = 0, locked_until = null "
                + "where id = ? and locked_until <= ?", id, Timestamp.from(now));
    }

    public boolean setPassword(long id, String hash) {
        return jdbc.update("update customer_console_user set password_hash = ? where id = ?", hash, id) == 1;
    }

    public boolean disable(long id, String customerId, Instant now) {
        return jdbc.update("update customer_console_user set disabled_at = ? where id = ? and disabled_at is null "
                + "and (cast(? as text) is null or customer_id = ?)", Timestamp.from(now), id, customerId, customerId) == 1;
    }

    private static ConsoleUser user(ResultSet rs) throws SQLException {
        return new ConsoleUser(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getString("customer_id"), rs.getInt("failed_attempts"),
                instant(rs.getTimestamp("locked_until")), instant(rs.getTimestamp("disabled_at")),
                instant(rs.getTimestamp("last_sign_in_at")), rs.getTimestamp("created_at").toInstant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
