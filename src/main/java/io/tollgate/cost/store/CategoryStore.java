package io.tollgate.cost.store;

import io.tollgate.cost.CostCategory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Cost categories (V26_5). */
@Repository
public class CategoryStore {
    private static final TypeReference<List<CostCategory.Rule>> RULES = new TypeReference<>() { };
    private static final TypeReference<List<CostCategory.Split>> SPLITS = new TypeReference<>() { };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public CategoryStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Creates or replaces the customer's category of that name; returns its id. */
    public long save(String customerId, String name, List<CostCategory.Rule> rules, String defaultValue,
                     List<CostCategory.Split> splits, Instant at) {
        Long id = jdbc.queryForObject("insert into cost_category (customer_id, name, rules, default_value, splits, "
                        + "created_at, updated_at) values (?, ?, ?::jsonb, ?, ?::jsonb, ?, ?) on conflict (customer_id, name) "
                        + "do update set rules = excluded.rules, default_value = excluded.default_value, "
                        + "splits = excluded.splits, updated_at = excluded.updated_at returning id", Long.class, customerId,
                name, json.writeValueAsString(rules), defaultValue, json.writeValueAsString(splits), Timestamp.from(at),
                Timestamp.from(at));
        jdbc.update("insert into cost_category_version (customer_id, name, saved_at, rules, splits, default_value) "
                        + "values (?, ?, ?, ?::jsonb, ?::jsonb, ?) on conflict (customer_id, name, saved_at) do update set "
                        + "rules = excluded.rules, splits = excluded.splits, default_value = excluded.default_value",
                customerId, name, Timestamp.from(at), json.writeValueAsString(rules), json.writeValueAsString(splits),
                defaultValue);
        return id == null ? 0 : id;
    }

    public long count(String customerId) {
        Long n = jdbc.queryForObject("select count(*) from cost_category where customer_id = ?", Long.class, customerId);
        return n == null ? 0 : n;
    }

    public Optional<CostCategory> find(String customerId, String name) {
        return jdbc.query("select * from cost_category where customer_id = ? and name = ?", this::category, customerId,
                name).stream().findFirst();
    }

    public List<CostCategory> list(String customerId) {
        return jdbc.query("select * from cost_category where customer_id = ? order by name", this::category,
                customerId);
    }

    public boolean delete(String customerId, String name) {
        jdbc.update("delete from cost_category_version where customer_id = ? and name = ?", customerId, name);
        return jdbc.update("delete from cost_category where customer_id = ? and name = ?", customerId, name) > 0;
    }

    /** Every saved version of a category, oldest first. */
    public List<CostCategory> versions(String customerId, String name) {
        return jdbc.query("select * from cost_category_version where customer_id = ? and name = ? order by saved_at",
                (rs, i) -> new CostCategory(0, customerId, name, json.readValue(rs.getString("rules"), RULES),
                        rs.getString("default_value"), json.readValue(rs.getString("splits"), SPLITS),
                        rs.getTimestamp("saved_at").toInstant()), customerId, name);
    }

    private CostCategory category(ResultSet rs, int row) throws SQLException {
        return new CostCategory(rs.getLong("id"), rs.getString("customer_id"), rs.getString("name"),
                json.readValue(rs.getString("rules"), RULES), rs.getString("default_value"),
                json.readValue(rs.getString("splits"), SPLITS), rs.getTimestamp("updated_at").toInstant());
    }
}
