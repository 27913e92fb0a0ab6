package io.tollgate.customer.store;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Customer;
import io.tollgate.customer.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for customers and API keys. */
@Repository
public class CustomerStore {
    private final JdbcTemplate jdbc;

    public CustomerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean insert(Customer c) {
        return jdbc.update("insert into customer_customer (id, name, currency, level, created_at) values (?, ?, ?, ?, ?) "
                + "on conflict (id) do nothing", c.id(), c.name(), c.currency(), c.level(), Timestamp.from(c.createdAt())) == 1;
    }

    public boolean updateLevel(String id, String level) {
        return jdbc.update("update customer_customer set level = ? where id = ?", level, id) == 1;
    }

    public Optional<Customer> find(String id) {
        return jdbc.query("select * from customer_customer where id = ?", CustomerStore::customer, id).stream().findFirst();
    }

    public List<Customer> page(String afterId, int limit) {
        return jdbc.query("select * from customer_customer where id > ? order by id limit ?", CustomerStore::customer,
                afterId == null ? "" : afterId, limit);
    }

    /** The new key's id, or empty when the key is already registered. */
    public Optional<Long> insertKey(String hash, String prefix, Role role, String customerId, String label, Instant now,
                                    Instant expiresAt, boolean demo) {
        return jdbc.queryForList("insert into customer_api_key (key_hash, key_prefix, role, customer_id, label, "
                + "created_at, expires_at, demo) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (key_hash) do nothing "
                + "returning id", Long.class, hash, prefix, role.name(), customerId, label, Timestamp.from(now),
                expiresAt == null ? null : Timestamp.from(expiresAt), demo).stream().findFirst();
    }

    /** A key as stored: who it speaks for, and what may stop it from working. */
    public record StoredKey(Caller caller, boolean demo, Instant expiresAt, Instant revokedAt) {
    }

    public Optional<StoredKey> findKey(String hash) {
        return jdbc.query("select role, customer_id, key_prefix, demo, expires_at, revoked_at from customer_api_key "
                + "where key_hash = ?", (rs, i) -> new StoredKey(
                        new Caller(Role.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)), rs.getBoolean(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), hash)
                .stream().findFirst();
    }

    /**
     * Revokes a key; its hash when it was active. Every instance hears of it through
     * {@code NOTIFY tollgate_api_keys} at the commit (their key caches drop it).
     */
    public Optional<String> revokeKey(long id, String customerId, Instant now) {
        Optional<String> hash = jdbc.queryForList("update customer_api_key set revoked_at = ? where id = ? "
                + "and revoked_at is null and (?::text is null or customer_id = ?) returning key_hash", String.class,
                Timestamp.from(now), id, customerId, customerId).stream().findFirst();
        hash.ifPresent(h -> jdbc.queryForList("select pg_notify('" + KEY_CHANNEL + "', ?)", Object.class, h));
        return hash;
    }

    /** The channel key revocations are announced on. */
    public static final String KEY_CHANNEL = "tollgate_api_keys";

    /** The keys of a customer (or the platform's, for null), newest first. */
    public List<io.tollgate.customer.KeyInfo> keys(String customerId) {
        return jdbc.query("select id, key_prefix, role, customer_id, label, created_at, expires_at, revoked_at "
                + "from customer_api_key where customer_id is not distinct from ? order by id desc",
                (rs, i) -> new io.tollgate.customer.KeyInfo(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8))), customerId);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Customer customer(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getString("id"), rs.getString("name"), rs.getString("currency").trim(),
                rs.getString("level"), rs.getTimestamp("created_at").toInstant());
    }
}
