package io.tollgate.cost.store;

import io.tollgate.billing.DailyCost;
import io.tollgate.cost.Budget;
import io.tollgate.cost.CostQuery;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The budgets and the alerts they gave (V26_1). */
@Repository
public class BudgetStore {
    private static final TypeReference<Map<String, String>> AMOUNTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> FILTERS = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, String>>> THRESHOLDS = new TypeReference<>() { };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public BudgetStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long count(String customerId) {
        Long n = jdbc.queryForObject("select count(*) from cost_budget where customer_id = ?", Long.class, customerId);
        return n == null ? 0 : n;
    }

    /** Serialises the budget writes of one customer (the limit counts every budget). */
    public void lockCustomer(String customerId) {
        jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "cost-budgets:" + customerId);
    }

    public boolean nameTaken(String customerId, String name, long exceptId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from cost_budget where customer_id = ? "
                + "and name = ? and id <> ?)", Boolean.class, customerId, name, exceptId));
    }

    public long insert(Budget b) {
        Long id = jdbc.queryForObject("insert into cost_budget (customer_id, name, measure, view, unit, period, amount, "
                        + "amounts, filters, thresholds, next_check_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, "
                        + "?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?) returning id", Long.class, b.customerId(), b.name(),
                b.measure().name(), b.view().name(), b.unit(), b.period().name(), b.amount(), amountsJson(b),
                json.writeValueAsString(b.filters()), thresholdsJson(b), Timestamp.from(b.nextCheckAt()),
                Timestamp.from(b.createdAt()), Timestamp.from(b.updatedAt()));
        return id == null ? 0 : id;
    }

    public void update(Budget b) {
        jdbc.update("update cost_budget set name = ?, measure = ?, view = ?, unit = ?, period = ?, amount = ?, "
                        + "amounts = ?::jsonb, filters = ?::jsonb, thresholds = ?::jsonb, next_check_at = ?, updated_at = ? "
                        + "where id = ?", b.name(), b.measure().name(), b.view().name(), b.unit(), b.period().name(),
                b.amount(), amountsJson(b), json.writeValueAsString(b.filters()), thresholdsJson(b),
                Timestamp.from(b.nextCheckAt()), Timestamp.from(b.updatedAt()), b.id());
    }

    public boolean delete(String customerId, long id) {
        return jdbc.update("delete from cost_budget where customer_id = ? and id = ?", customerId, id) > 0;
    }

    public Optional<Budget> find(String customerId, long id, boolean lock) {
        return jdbc.query("select * from cost_budget where customer_id = ? and id = ?" + (lock ? " for update" : ""),
                this::budget, customerId, id).stream().findFirst();
    }

    public List<Budget> page(String customerId, long afterId, int limit) {
        return jdbc.query("select * from cost_budget where customer_id = ? and id > ? order by id limit ?",
                this::budget, customerId, afterId, limit);
    }

    /** Budgets due a check at {@code now}, oldest first, locked, leaving out held ones. */
    public List<Budget> claimDue(Instant now, Collection<String> held, int limit) {
        return jdbc.query("select * from cost_budget where next_check_at <= ? and not (id::text = any (?)) "
                        + "order by next_check_at, id limit ? for update skip locked", this::budget,
                Timestamp.from(now), held.toArray(String[]::new), limit);
    }

    public List<Budget> claimOne(long id, Instant now) {
        return jdbc.query("select * from cost_budget where id = ? and next_check_at <= ? for update skip locked",
                this::budget, id, Timestamp.from(now));
    }

    public Optional<Instant> nextDue() {
        Timestamp t = jdbc.queryForObject("select min(next_check_at) from cost_budget", Timestamp.class);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    public void reschedule(long id, Instant next) {
        jdbc.update("update cost_budget set next_check_at = ? where id = ?", Timestamp.from(next), id);
    }

    /** Records an alert; false when the threshold already alerted in the period. */
    public boolean alert(long budgetId, LocalDate periodStart, Budget.Threshold t, Instant at, BigDecimal spend,
                         BigDecimal amount) {
        return jdbc.update("insert into cost_budget_alert (budget_id, period_start, percent, basis, alerted_at, spend, "
                        + "budget_amount) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", budgetId,
                java.sql.Date.valueOf(periodStart), t.percent(), t.basis().name(), Timestamp.from(at), spend, amount) > 0;
    }

    /** An alert given: its period, threshold, time and the spend that reached it. */
    public record Alert(LocalDate periodStart, BigDecimal percent, Budget.Basis basis, Instant at, BigDecimal spend,
                        BigDecimal amount) {
    }

    public List<Alert> alerts(long budgetId) {
        return jdbc.query("select * from cost_budget_alert where budget_id = ? order by alerted_at, percent, basis",
                (rs, i) -> new Alert(rs.getDate("period_start").toLocalDate(), rs.getBigDecimal("percent"),
                        Budget.Basis.valueOf(rs.getString("basis")), rs.getTimestamp("alerted_at").toInstant(),
                        rs.getBigDecimal("spend"), rs.getBigDecimal("budget_amount")), budgetId);
    }

    private String amountsJson(Budget b) {
        Map<String, String> out = new TreeMap<>();
        b.amounts().forEach((d, a) -> out.put(d.toString(), a.toPlainString()));
        return json.writeValueAsString(out);
    }

    private String thresholdsJson(Budget b) {
        List<Map<String, String>> out = new ArrayList<>();
        b.thresholds().forEach(t -> out.add(Map.of("percent", t.percent().toPlainString(), "basis", t.basis().name())));
        return json.writeValueAsString(out);
    }

    private Budget budget(ResultSet rs, int row) throws SQLException {
        Map<LocalDate, BigDecimal> amounts = new TreeMap<>();
        json.readValue(rs.getString("amounts"), AMOUNTS).forEach((d, a) -> amounts.put(LocalDate.parse(d),
                new BigDecimal(a)));
        List<Budget.Threshold> thresholds = new ArrayList<>();
        json.readValue(rs.getString("thresholds"), THRESHOLDS).forEach(t -> thresholds.add(new Budget.Threshold(
                new BigDecimal(t.get("percent")), Budget.Basis.valueOf(t.get("basis")))));
        return new Budget(rs.getLong("id"), rs.getString("customer_id"), rs.getString("name"),
                CostQuery.Measure.valueOf(rs.getString("measure")), DailyCost.View.valueOf(rs.getString("view")),
                rs.getString("unit"), Budget.Period.valueOf(rs.getString("period")), rs.getBigDecimal("amount"),
                amounts, json.readValue(rs.getString("filters"), FILTERS), thresholds,
                rs.getTimestamp("next_check_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
