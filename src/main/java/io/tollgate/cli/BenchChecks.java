package io.tollgate.cli;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL a bench runs after it measured, to show that what it timed was also right. Each check
 * counts offending rows; zero is a pass. It reads every domain's tables on purpose: it is an
 * auditor of the whole database, not part of any domain.
 */
final class BenchChecks {
    /** One verified property, with what was counted. */
    record Check(String name, boolean ok, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final List<Check> checks = new ArrayList<>();

    BenchChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Check> all() {
        return checks;
    }

    boolean ok() {
        return checks.stream().allMatch(Check::ok);
    }

    /** Records a check that holds when {@code actual} equals {@code expected}. */
    boolean expect(String name, long expected, long actual) {
        boolean ok = expected == actual;
        checks.add(new Check(name, ok, "expected " + expected + ", found " + actual));
        return ok;
    }

    /**
     * The settled hour: every resource billing in it has exactly one fee record per segment open
     * during the hour (a bench hour has no price change), no more, no fewer; every schedule row
     * moved on to the next hour; each usage entry of the hour carries exactly what its fee
     * records say was charged, from cash and as arrears.
     */
    void settledHour(Instant hour, int resources) {
        Timestamp start = Timestamp.from(hour);
        Timestamp end = Timestamp.from(hour.plusSeconds(3600));
        Map<String, Object> lines = jdbc.queryForMap("with expected as ("
                + "  select resource_id, count(*) as n from resource_segment"
                + "  where started_at < ? and (ended_at is null or ended_at > ?) group by resource_id),"
                + " actual as (select resource_id, count(*) as n from settlement_fee_record where hour_start = ?"
                + "  group by resource_id) "
                + "select count(e.n) as billing, count(*) filter (where a.n is null) as missing, "
                + "count(*) filter (where e.n is null) as unexpected, count(*) filter (where a.n < e.n) as too_few, "
                + "count(*) filter (where a.n > e.n) as too_many "
                + "from expected e full join actual a using (resource_id)", end, start, start);
        String at = hour + ": ";
        expect(at + "resources billing in the hour", resources, number(lines.get("billing")));
        expect(at + "resources without a fee record", 0, number(lines.get("missing")));
        expect(at + "fee records of resources that did not bill", 0, number(lines.get("unexpected")));
        expect(at + "resources with fewer fee records than segments", 0, number(lines.get("too_few")));
        expect(at + "resources with more fee records than segments", 0, number(lines.get("too_many")));
        expect(at + "resources with two fee records for one meter", 0, count("select count(*) from ("
                + "select resource_id, meter from settlement_fee_record where hour_start = ? "
                + "group by resource_id, meter having count(*) > 1) x", start));
        expect(at + "schedule rows not moved on to the next hour", 0, count(
                "select count(*) from settlement_schedule where not active or next_hour <> ?", end));
        expect(at + "fee records charged without a journal entry", 0, count("select count(*) from "
                + "settlement_fee_record where hour_start = ? and entry_id is null and charged_amount <> 0", start));
        expect(at + "usage entries that differ from their fee records", 0, count("with f as ("
                + "  select entry_id, sum(charged_amount) as charged, sum(cash_amount) as cash,"
                + "  sum(arrears_amount) as arrears from settlement_fee_record"
                + "  where hour_start = ? and entry_id is not null group by entry_id),"
                + " p as (select p.entry_id,"
                + "  coalesce(sum(p.amount) filter (where a.kind = 'REVENUE'), 0) as charged,"
                + "  coalesce(-sum(p.amount) filter (where a.kind = 'CASH'), 0) as cash,"
                + "  coalesce(-sum(p.amount) filter (where a.kind = 'ARREARS'), 0) as arrears"
                + "  from ledger_posting p join ledger_account a on a.id = p.account_id"
                + "  join ledger_entry e on e.id = p.entry_id"
                + "  where e.reason = 'USAGE' and e.business_time = ? group by p.entry_id) "
                + "select count(*) from f full join p using (entry_id) where f.charged is distinct from p.charged "
                + "or f.cash is distinct from p.cash or f.arrears is distinct from p.arrears", start, start));
    }

    /** The whole ledger: balanced entries, and every cached (customer) balance equal to the sum of its postings. */
    void ledger(String prefix) {
        expect(prefix + "accounts whose balance differs from the sum of their postings", 0, count(
                "select count(*) from ledger_account a left join (select account_id, sum(amount) as s "
                        + "from ledger_posting group by account_id) p on p.account_id = a.id "
                        + "where a.owner <> '#platform' and a.balance <> coalesce(p.s, 0)"));
        expect(prefix + "entries whose postings do not sum to zero", 0, count("select count(*) from ("
                + "select entry_id from ledger_posting group by entry_id having sum(amount) <> 0 or count(*) < 2) x"));
        expect(prefix + "entries without postings", 0, count("select count(*) from ledger_entry e "
                + "where not exists (select 1 from ledger_posting p where p.entry_id = e.id)"));
    }

    long count(String sql, Object... args) {
        return number(jdbc.queryForObject(sql, Object.class, args));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
