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

    public Optional<Customer> find(String id) {
        return jdbc.query("select * from customer_customer where id = ?", CustomerStore::customer, id).stream().findFirst();
    }

    public List<Customer> page(String afterId, int limit) {
        return jdbc.query("select * from customer_customer where id > ? order by id limit ?", CustomerStore::customer,
                afterId == null ? "" : afterId, limit);
    }

    public boolean insertKey(String hash, String prefix, Role role, String customerId, String label, Instant now) {
        return jdbc.update("insert into customer_api_key (key_hash, key_prefix, role, customer_id, label, created_at) "
                + "values (?, ?, ?, ?, ?, ?) on conflict (key_hash) do nothing",
                hash, prefix, role.name(), customerId, label, Timestamp.from(now)) == 1;
    }

    public Optional<Caller> findKey(String hash) {
        return jdbc.query("select role, customer_id, key_prefix from customer_api_key where key_hash = ?",
                (rs, i) -> new Caller(Role.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)), hash)
                .stream().findFirst();
    }

    private static Customer customer(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getString("id"), rs.getString("name"), rs.getString("currency").trim(),
                rs.getString("level"), rs.getTimestamp("created_at").toInstant());
    }
}
