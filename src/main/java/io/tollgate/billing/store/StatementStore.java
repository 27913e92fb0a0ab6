package io.tollgate.billing.store;

import io.tollgate.billing.Statement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** billing_statement and billing_statement_month. */
@Repository
public class StatementStore {
    private final JdbcTemplate jdbc;

    public StatementStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a statement unless the customer-month has one; true when written. */
    public boolean insert(Statement s) {
        Statement.Balances b = s.balances();
        Statement.BillTotal t = s.bill();
        return jdbc.update("insert into billing_statement (number, customer_id, month, currency, period_start, "
                        + "period_end, opening_balance, charges, payments, refunds, adjustments, closing_balance, arrears, "
                        + "lines, list_amount, discount_amount, truncated_amount, amount_due, finalised_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (customer_id, month) do nothing",
                s.number(), s.customerId(), s.month().atDay(1), s.currency(), Timestamp.from(s.periodStart()),
                Timestamp.from(s.periodEnd()), b.opening(), b.charges(), b.payments(), b.refunds(), b.adjustments(),
                b.closing(), b.arrears(), t.lines(), t.list(), t.discount(), t.truncated(), t.amountDue(),
                Timestamp.from(s.finalisedAt())) == 1;
    }

    public Optional<Statement> find(String customerId, YearMonth month) {
        return jdbc.query("select * from billing_statement where customer_id = ? and month = ?",
                StatementStore::statement, customerId, month.atDay(1)).stream().findFirst();
    }

    public List<Statement> list(String customerId, int limit) {
        return jdbc.query("select * from billing_statement where customer_id = ? order by month desc limit ?",
                StatementStore::statement, customerId, limit);
    }

    /** The latest month with a statement, per customer of {@code ids} that has one. */
    public java.util.Map<String, YearMonth> lastMonths(Collection<String> ids) {
        java.util.Map<String, YearMonth> last = new java.util.HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select customer_id, max(month) from billing_statement "
                    + "where customer_id = any (?) group by customer_id");
            ps.setArray(1, con.createArrayOf("text", ids.toArray()));
            return ps;
        }, rs -> {
            last.put(rs.getString(1), YearMonth.from(rs.getDate(2).toLocalDate()));
        });
        return last;
    }

    public boolean monthCompleted(YearMonth month) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from billing_statement_month "
                + "where month = ?)", Boolean.class, month.atDay(1)));
    }

    public void completeMonth(YearMonth month, Instant at) {
        jdbc.update("insert into billing_statement_month (month, completed_at) values (?, ?) on conflict do nothing",
                month.atDay(1), Timestamp.from(at));
    }

    private static Statement statement(ResultSet rs, int row) throws SQLException {
        LocalDate month = rs.getDate("month").toLocalDate();
        return new Statement(rs.getString("number"), rs.getString("customer_id"), YearMonth.from(month),
                rs.getString("currency").trim(), rs.getTimestamp("period_start").toInstant(),
                rs.getTimestamp("period_end").toInstant(),
                new Statement.Balances(rs.getBigDecimal("opening_balance"), rs.getBigDecimal("charges"),
                        rs.getBigDecimal("payments"), rs.getBigDecimal("refunds"), rs.getBigDecimal("adjustments"),
                        rs.getBigDecimal("closing_balance"), rs.getBigDecimal("arrears")),
                new Statement.BillTotal(rs.getLong("lines"), rs.getBigDecimal("list_amount"),
                        rs.getBigDecimal("discount_amount"), rs.getBigDecimal("truncated_amount"),
                        rs.getBigDecimal("amount_due")),
                rs.getTimestamp("finalised_at").toInstant());
    }
}
