package io.tollgate.customer.store;

import io.tollgate.caching.CommittedCache;
import io.tollgate.caching.Invalidations;
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
    /** Customers by id and keys by hash as committed (io.tollgate.caching); every write here marks its row. */
    private final CommittedCache<Customer> customers;
    private final CommittedCache<StoredKey> keys;

    public CustomerStore(JdbcTemplate jdbc, Invalidations caches) {
        this.jdbc = jdbc;
        this.customers = caches.cache("customer", 100_000);
        this.keys = caches.cache("api-key", 100_000);
    }

    public boolean insert(Customer c) {
        customers.written(c.id());
        return jdbc.update("insert into customer_customer (id, name, currency, level, created_at) values (?, ?, ?, ?, ?) "
                + "on conflict (id) do nothing", c.id(), c.name(), c.currency(), c.level(), Timestamp.from(c.createdAt())) == 1;
    }

    public boolean updateLevel(String id, String level) {
        customers.written(id);
        return jdbc.update("update customer_customer set level = ? where id = ?", level, id) == 1;
    }

    public Optional<Customer> find(String id) {
        return jdbc.query("select * from customer_customer where id = ?", CustomerStore::customer, id).stream().findFirst();
    }

    /** The customer as last committed, from the cache when it holds it (see CustomerService.cached). */
    public Optional<Customer> findCommitted(String id) {
        return customers.find(id, this::find);
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

    /** The key as last committed, from the cache when it holds it: what every request's authentication reads. */
    public Optional<StoredKey> findKeyCommitted(String hash) {
        return keys.find(hash, this::findKey);
    }

    public Optional<StoredKey> findKey(String hash) {
        return jdbc.query("select role, customer_id, key_prefix, demo, expires_at, revoked_at from customer_api_key "
                + "where key_hash = ?", (rs, i) -> new StoredKey(
                        new Caller(Role.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)), rs.getBoolean(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), hash)
                .stream().findFirst();
    }

    /**
     * Revokes a key; its hash when it was active. Every instance hears of it at the commit (the
     * table's trigger announces the change on {@code tollgate_cache}; their key caches drop it).
     */
    public Optional<String> revokeKey(long id, String customerId, Instant now) {
        Optional<String> hash = jdbc.queryForList("update customer_api_key set revoked_at = ? where id = ? "
                + "and revoked_at is null and (?::text is null or customer_id = ?) returning key_hash", String.class,
                Timestamp.from(now), id, customerId, customerId).stream().findFirst();
        hash.ifPresent(keys::written);
        return hash;
    }

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
