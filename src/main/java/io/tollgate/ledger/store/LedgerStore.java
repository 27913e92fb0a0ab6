package io.tollgate.ledger.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.ledger.AccountKind;
import io.tollgate.ledger.Reason;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Repository;

/** SQL for accounts, entries, postings and idempotency keys. Inserts are set-based, for settlement batches. */
@Repository
public class LedgerStore {
    private final JdbcTemplate jdbc;
    /** Account ids never change once created, so they are cached. */
    private final Map<AccountKey, Long> accountIds = new ConcurrentHashMap<>();
    /** Accounts created by a transaction still running (the token is that transaction's), never cached. */
    private final Map<AccountKey, Object> uncommitted = new ConcurrentHashMap<>();

    private final MeterRegistry metrics;

    public LedgerStore(JdbcTemplate jdbc, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /** {@code tollgate_ledger_entries_total{reason}}: entries posted, counted once their transaction committed. */
    private void countAfterCommit(List<NewEntry> entries) {
        Map<Reason, Long> byReason = new java.util.EnumMap<>(Reason.class);
        entries.forEach(e -> byReason.merge(e.reason(), 1L, Long::sum));
        Runnable count = () -> byReason.forEach((reason, n) -> Counter.builder("tollgate.ledger.entries")
                .description("ledger entries posted, by reason").tag("reason", reason.name()).register(metrics)
                .increment(n));
        io.tollgate.tx.Commits.afterCommit(count);
    }

    public record AccountKey(String owner, AccountKind kind, String currency) {
    }

    public record NewEntry(long id, String customerId, Reason reason, Instant businessTime, String reference) {
    }

    public record NewPosting(long entryId, long accountId, BigDecimal amount) {
    }

    /** An entry with the signed changes it made to the customer's CASH, CREDIT, ARREARS and COUPON accounts. */
    public record EntryRow(long id, Reason reason, Instant businessTime, Instant recordedAt, String reference,
                           BigDecimal cash, BigDecimal credit, BigDecimal arrears, BigDecimal coupons) {
    }

    private static final String ENTRY_COLUMNS = "select e.id, e.reason, e.business_time, e.recorded_at, e.reference, "
            + "coalesce(sum(p.amount) filter (where a.kind = 'CASH'), 0.00), "
            + "coalesce(sum(p.amount) filter (where a.kind = 'CREDIT'), 0.00), "
            + "coalesce(sum(p.amount) filter (where a.kind = 'ARREARS'), 0.00), "
            + "coalesce(sum(p.amount) filter (where a.kind = 'COUPON'), 0.00) "
            + "from ledger_entry e join ledger_posting p on p.entry_id = e.id "
            + "join ledger_account a on a.id = p.account_id ";

    private static EntryRow entryRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new EntryRow(rs.getLong(1), Reason.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                rs.getBigDecimal(8), rs.getBigDecimal(9));
    }

    public long accountId(AccountKey key) {
        Long cached = accountIds.get(key);
        if (cached != null) {
            return cached;
        }
        int inserted = jdbc.update("insert into ledger_account (owner, kind, currency) values (?, ?, ?) "
                + "on conflict do nothing", key.owner(), key.kind().name(), key.currency());
        Long id = jdbc.queryForObject("select id from ledger_account where owner = ? and kind = ? and currency = ?",
                Long.class, key.owner(), key.kind().name(), key.currency());
        // An account a transaction created is not visible to others until it commits, and is gone if
        // it rolls back: cache only ids that were already committed, or another thread would lock a
        // row it cannot see. A second look in the creating transaction (inserted 0: the row is its
        // own) must not cache either, so the account is marked as uncommitted until that transaction ends.
        if (inserted == 1 && TransactionSynchronizationManager.isSynchronizationActive()) {
            Object token = new Object();
            uncommitted.put(key, token);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    uncommitted.remove(key, token);
                }
            });
        } else if (inserted == 0 && !uncommitted.containsKey(key)) {
            accountIds.put(key, id);
        }
        return id;
    }

    /** The id of an account that exists, without creating it. */
    public Optional<Long> existingAccountId(AccountKey key) {
        return jdbc.query("select id from ledger_account where owner = ? and kind = ? and currency = ?",
                (rs, i) -> rs.getLong(1), key.owner(), key.kind().name(), key.currency()).stream().findFirst();
    }

    /** What COUPON accounts paid in a customer's entries with this reference: coupon id -> amount (positive). */
    public Map<String, BigDecimal> couponsPaid(String customerId, String reference) {
        Map<String, BigDecimal> paid = new java.util.LinkedHashMap<>();
        jdbc.query("select a.owner, -sum(p.amount) from ledger_entry e join ledger_posting p on p.entry_id = e.id "
                + "join ledger_account a on a.id = p.account_id where e.customer_id = ? and e.reference = ? "
                + "and e.reason = 'ORDER' and a.kind = 'COUPON' group by a.owner order by a.owner", rs -> {
                    if (rs.getBigDecimal(2).signum() > 0) {
                        paid.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                }, customerId, reference);
        return paid;
    }

    /** The cached balances of these coupons' accounts; zero where none exists yet. */
    public Map<String, BigDecimal> couponBalances(String currency, java.util.Collection<String> couponIds) {
        Map<String, BigDecimal> balances = new HashMap<>();
        couponIds.forEach(id -> balances.put(id, BigDecimal.ZERO.setScale(2)));
        if (couponIds.isEmpty()) {
            return balances;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select owner, balance from ledger_account where kind = 'COUPON' "
                    + "and currency = ? and owner = any (?)");
            ps.setString(1, currency);
            ps.setArray(2, con.createArrayOf("text", couponIds.toArray()));
            return ps;
        }, rs -> {
            balances.put(rs.getString(1), rs.getBigDecimal(2));
        });
        return balances;
    }

    /** Locks the accounts in id order (the one order every transaction uses) and returns their balances. */
    public Map<Long, BigDecimal> lockBalances(List<Long> ids) {
        Map<Long, BigDecimal> balances = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select id, balance from ledger_account where id = any (?) order by id for update");
            ps.setArray(1, con.createArrayOf("bigint", ids.toArray()));
            return ps;
        }, rs -> {
            balances.put(rs.getLong(1), rs.getBigDecimal(2));
        });
        return balances;
    }

    public Optional<BigDecimal> balance(AccountKey key) {
        return jdbc.query("select balance from ledger_account where owner = ? and kind = ? and currency = ?",
                (rs, i) -> rs.getBigDecimal(1), key.owner(), key.kind().name(), key.currency()).stream().findFirst();
    }

    public List<Long> reserveEntryIds(int count) {
        return jdbc.queryForList("select nextval('ledger_entry_id_seq') from generate_series(1, ?)", Long.class, count);
    }

    /** Inserts the entries in one statement. */
    public void insertEntries(List<NewEntry> entries, Instant recordedAt) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into ledger_entry (id, customer_id, reason, business_time, recorded_at, "
                    + "reference) select e.id, e.customer_id, e.reason, e.business_time, ?, e.reference "
                    + "from unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::text[]) "
                    + "as e (id, customer_id, reason, business_time, reference)");
            ps.setTimestamp(1, Timestamp.from(recordedAt));
            ps.setArray(2, con.createArrayOf("bigint", entries.stream().map(NewEntry::id).toArray()));
            ps.setArray(3, con.createArrayOf("text", entries.stream().map(NewEntry::customerId).toArray()));
            ps.setArray(4, con.createArrayOf("text", entries.stream().map(e -> e.reason().name()).toArray()));
            ps.setArray(5, con.createArrayOf("text", entries.stream().map(e -> timestamp(e.businessTime())).toArray()));
            ps.setArray(6, con.createArrayOf("text", entries.stream().map(NewEntry::reference).toArray()));
            return ps;
        });
        countAfterCommit(entries);
    }

    /**
     * Inserts postings and moves the cached balances of customer accounts by the same amounts, in
     * one statement; those accounts are locked beforehand by {@link #lockBalances}. Platform
     * accounts (REVENUE, FUNDING: one per kind and currency, touched by every entry) keep no cached
     * balance: their balance is the sum of their postings, so concurrent entries of different
     * customers never wait on one row.
     */
    public void insertPostings(List<NewPosting> postings) {
        if (postings.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("with p as (insert into ledger_posting (entry_id, account_id, amount) "
                    + "select * from unnest(?::bigint[], ?::bigint[], ?::numeric[]) returning account_id, amount) "
                    + "update ledger_account a set balance = a.balance + d.delta "
                    + "from (select account_id, sum(amount) as delta from p group by account_id) d "
                    + "where a.id = d.account_id and a.owner <> '#platform'");
            ps.setArray(1, con.createArrayOf("bigint", postings.stream().map(NewPosting::entryId).toArray()));
            ps.setArray(2, con.createArrayOf("bigint", postings.stream().map(NewPosting::accountId).toArray()));
            ps.setArray(3, con.createArrayOf("numeric", postings.stream().map(NewPosting::amount).toArray()));
            return ps;
        });
    }

    /** An instant as PostgreSQL text, rounded half-up to the microsecond as the driver's setTimestamp does. */
    private static String timestamp(Instant t) {
        return stored(t).toString();
    }

    /** An instant as PostgreSQL keeps it: rounded half-up to the microsecond. */
    public static Instant stored(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    public void insertArrearsChange(io.tollgate.ledger.ArrearsChanged change) {
        jdbc.update("insert into ledger_arrears_change (customer_id, in_arrears, at) values (?, ?, ?)",
                change.customerId(), change.inArrears(), Timestamp.from(change.at()));
    }

    /** Claims and deletes the oldest changes (of one customer when given), skipping customers held and rows locked. */
    public List<io.tollgate.ledger.ArrearsChanged> claimArrearsChanges(int limit, java.util.Collection<String> held,
                                                                       String customerId) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement("with claimed as (delete from ledger_arrears_change where id in (select id "
                    + "from ledger_arrears_change where not (customer_id = any (?)) and (?::text is null or customer_id = ?) "
                    + "order by id limit ? for update skip locked) returning id, customer_id, in_arrears, at) "
                    + "select customer_id, in_arrears, at from claimed order by id");
            ps.setArray(1, con.createArrayOf("text", held.toArray()));
            ps.setString(2, customerId);
            ps.setString(3, customerId);
            ps.setInt(4, limit);
            return ps;
        }, (rs, i) -> new io.tollgate.ledger.ArrearsChanged(rs.getString(1), rs.getBoolean(2),
                rs.getTimestamp(3).toInstant()));
    }

    public Optional<String[]> idempotency(String customerId, String key) {
        return jdbc.query("select request_hash, entry_id from ledger_idempotency where customer_id = ? and idempotency_key = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, customerId, key).stream().findFirst();
    }

    public void insertIdempotency(String customerId, String key, String requestHash, long entryId) {
        jdbc.update("insert into ledger_idempotency (customer_id, idempotency_key, request_hash, entry_id) values (?, ?, ?, ?)",
                customerId, key, requestHash, entryId);
    }

    /** Entries of a customer with business time in [from, to), after the cursor id, with their effect on its accounts. */
    public List<EntryRow> entries(String customerId, Instant from, Instant to, long afterId, int limit) {
        return jdbc.query(ENTRY_COLUMNS + "where e.customer_id = ? and e.business_time >= ? and e.business_time < ? "
                        + "and e.id > ? group by e.id order by e.id limit ?", LedgerStore::entryRow,
                customerId, Timestamp.from(from), Timestamp.from(to), afterId, limit);
    }

    private static final String OWN_POSTINGS = "from ledger_entry e join ledger_posting p on p.entry_id = e.id "
            + "join ledger_account a on a.id = p.account_id where e.customer_id = ? and a.owner = e.customer_id ";

    /** The sum of the customer's CASH, CREDIT and ARREARS postings (or ARREARS alone) with business time before {@code at}. */
    public BigDecimal ownBalanceBefore(String customerId, Instant at, boolean arrearsOnly) {
        return jdbc.queryForObject("select coalesce(sum(p.amount), 0.00) " + OWN_POSTINGS + "and a.kind in "
                + (arrearsOnly ? "('ARREARS')" : "('CASH', 'CREDIT', 'ARREARS')") + " and e.business_time < ?",
                BigDecimal.class, customerId, Timestamp.from(at));
    }

    /** The signed sum per reason of the customer's CASH, CREDIT and ARREARS postings with business time in [from, to). */
    public Map<io.tollgate.ledger.Reason, BigDecimal> ownFlows(String customerId, Instant from, Instant to) {
        Map<io.tollgate.ledger.Reason, BigDecimal> flows = new java.util.EnumMap<>(io.tollgate.ledger.Reason.class);
        jdbc.query("select e.reason, sum(p.amount) " + OWN_POSTINGS + "and a.kind in ('CASH', 'CREDIT', 'ARREARS') "
                        + "and e.business_time >= ? and e.business_time < ? group by e.reason",
                rs -> {
                    flows.put(io.tollgate.ledger.Reason.valueOf(rs.getString(1)), rs.getBigDecimal(2));
                }, customerId, Timestamp.from(from), Timestamp.from(to));
        return flows;
    }

    public Optional<EntryRow> entry(long id) {
        return jdbc.query(ENTRY_COLUMNS + "where e.id = ? group by e.id", LedgerStore::entryRow, id).stream().findFirst();
    }

    public java.math.BigDecimal creditLimit(String customerId) {
        return jdbc.query("select credit_limit from ledger_credit_limit where customer_id = ?",
                (rs, i) -> rs.getBigDecimal(1), customerId).stream().findFirst()
                .orElse(java.math.BigDecimal.ZERO.setScale(2));
    }

    public void saveCreditLimit(String customerId, String currency, java.math.BigDecimal limit) {
        jdbc.update("insert into ledger_credit_limit (customer_id, currency, credit_limit) values (?, ?, ?) "
                + "on conflict (customer_id) do update set credit_limit = excluded.credit_limit", customerId, currency,
                limit);
    }

    /** The credit limits of those of these customers that have one. */
    public Map<String, java.math.BigDecimal> creditLimits(List<String> customerIds) {
        Map<String, java.math.BigDecimal> limits = new HashMap<>();
        if (customerIds.isEmpty()) {
            return limits;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select customer_id, credit_limit from ledger_credit_limit "
                    + "where customer_id = any (?)");
            ps.setArray(1, con.createArrayOf("text", customerIds.toArray()));
            return ps;
        }, rs -> {
            limits.put(rs.getString(1), rs.getBigDecimal(2));
        });
        return limits;
    }

    /** Existing idempotency rows of these (customer, key) pairs, as "customer|key" -> [hash, entry id]. */
    public Map<String, String[]> idempotencies(List<String[]> pairs) {
        Map<String, String[]> found = new HashMap<>();
        if (pairs.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select i.customer_id, i.idempotency_key, i.request_hash, i.entry_id "
                    + "from ledger_idempotency i join unnest(?::text[], ?::text[]) as k(customer_id, idempotency_key) "
                    + "on i.customer_id = k.customer_id and i.idempotency_key = k.idempotency_key");
            ps.setArray(1, con.createArrayOf("text", pairs.stream().map(p -> p[0]).toArray()));
            ps.setArray(2, con.createArrayOf("text", pairs.stream().map(p -> p[1]).toArray()));
            return ps;
        }, rs -> {
            found.put(rs.getString(1) + "|" + rs.getString(2), new String[] {rs.getString(3), rs.getString(4)});
        });
        return found;
    }

    /** Inserts idempotency rows [customer, key, hash, entry id] in one statement. */
    public void insertIdempotencies(List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into ledger_idempotency (customer_id, idempotency_key, request_hash, "
                    + "entry_id) select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[])");
            ps.setArray(1, con.createArrayOf("text", rows.stream().map(r -> r[0]).toArray()));
            ps.setArray(2, con.createArrayOf("text", rows.stream().map(r -> r[1]).toArray()));
            ps.setArray(3, con.createArrayOf("text", rows.stream().map(r -> r[2]).toArray()));
            ps.setArray(4, con.createArrayOf("bigint", rows.stream().map(r -> Long.valueOf(r[3])).toArray()));
            return ps;
        });
    }
}
