package io.tollgate.cost.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The advice a customer dismissed (V26_4). */
@Repository
public class AdviceStore {
    private final JdbcTemplate jdbc;

    public AdviceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> dismissed(String customerId) {
        return new HashSet<>(jdbc.queryForList("select advice_key from cost_advice_dismissal where customer_id = ?",
                String.class, customerId));
    }

    public void dismiss(String customerId, String key, Instant at) {
        jdbc.update("insert into cost_advice_dismissal (customer_id, advice_key, dismissed_at) values (?, ?, ?) "
                + "on conflict do nothing", customerId, key, Timestamp.from(at));
    }
}
