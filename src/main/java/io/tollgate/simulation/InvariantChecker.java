package io.tollgate.simulation;

import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The invariants of a simulation, recomputed in SQL from the rows (never from a figure the code
 * computed for the same purpose). {@link #money()} holds at any time; {@link #nothingDue(Instant)}
 * holds right after the clock advanced (the jobs ran up to now). The billing zone must have a whole
 * hour offset (+08:00 by default), so clock hours are the same in UTC and in the zone.
 */
final class InvariantChecker {
    /** Page size of the outbox read: small, so that the cursor crosses many pages. */
    private static final int FEED_PAGE = 7;

    private final JdbcTemplate jdbc;
    private final OutboxService outbox;
    private final Duration settlementDelay;
    private final int zoneOffsetSeconds;

    InvariantChecker(JdbcTemplate jdbc, OutboxService outbox, Duration settlementDelay, ZoneOffset zone) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.settlementDelay = settlementDelay;
        this.zoneOffsetSeconds = zone.getTotalSeconds();
    }

    /** Money and settlement invariants; throws the first {@link Violation}. */
    void money() {
        none("entry-balances", "select e.id, coalesce(sum(p.amount), 0) total, count(p.*) legs from ledger_entry e "
                + "left join ledger_posting p on p.entry_id = e.id group by e.id "
                + "having coalesce(sum(p.amount), 0) <> 0 or count(p.*) < 2");
        none("balance-cache", "select a.id, a.owner, a.kind, a.balance, coalesce(sum(p.amount), 0) posted "
                + "from ledger_account a left join ledger_posting p on p.account_id = a.id where a.owner <> '#platform' "
                + "group by a.id having a.balance <> coalesce(sum(p.amount), 0)");
        none("settled-once", "select resource_id, hour_start, line_no, count(*) from settlement_fee_record "
                + "group by resource_id, hour_start, line_no having count(*) > 1");
        // Every pay-per-use second of a segment in an hour before the resource's next hour to settle is on a
        // fee line of that hour, or on an adjustment naming it (an event that arrived after the hour was settled).
        none("hours-settled", "select s.resource_id, s.meter, h.hour from resource_segment s "
                + "join settlement_schedule sc on sc.resource_id = s.resource_id "
                + "cross join lateral generate_series(date_trunc('hour', s.started_at), "
                + "  least(coalesce(s.ended_at, sc.next_hour), sc.next_hour) - interval '1 second', interval '1 hour') h(hour) "
                + "where s.billing_mode = 'PAY_PER_USE' and h.hour < sc.next_hour "
                + "and least(coalesce(s.ended_at, 'infinity'::timestamptz), h.hour + interval '1 hour') "
                + "  - greatest(s.started_at, h.hour) >= interval '1 second' "
                + "and not exists (select 1 from settlement_fee_record f where f.resource_id = s.resource_id "
                + "  and f.meter = s.meter and (f.hour_start = h.hour or f.adjusts_hour = h.hour)) limit 20");
        none("month-rounded-sum", "select customer_id, date_trunc('month', (hour_start at time zone 'UTC') "
                + "  + make_interval(secs => " + zoneOffsetSeconds + ")) m, sum(amount) fees, sum(charged_amount) charged "
                + "from settlement_fee_record group by 1, 2 having sum(charged_amount) <> round(sum(amount), 2)");
        none("line-parts", "select id from settlement_fee_record "
                + "where cash_amount + credit_amount + arrears_amount <> charged_amount");
        none("usage-posted", "with posted as (select e.customer_id, -sum(p.amount) charged from ledger_entry e "
                + "  join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account_id "
                + "  where e.reason = 'USAGE' and a.kind in ('CASH', 'ARREARS', 'CREDIT') group by e.customer_id), "
                + "billed as (select customer_id, sum(charged_amount) charged from settlement_fee_record group by 1) "
                + "select * from posted p full join billed b on b.customer_id = p.customer_id "
                + "where coalesce(p.charged, 0) <> coalesce(b.charged, 0)");
        none("refund-within-paid", "select resource_id, sum(cash_amount + credit_amount) paid, sum(refund_amount) "
                + "from subscription_order where status = 'PAID' group by resource_id "
                + "having sum(refund_amount) > sum(cash_amount + credit_amount)");
        none("no-negative-cash", "select id, owner, kind, balance from ledger_account "
                + "where (kind = 'CASH' and balance < 0) or (kind = 'ARREARS' and balance > 0)");
        none("outbox-ids-unique", "select event_id from notify_outbox group by event_id having count(*) > 1");
        feedOnce();
    }

    /** Nothing the jobs should have done by {@code now} is left: no job stalled. */
    void nothingDue(Instant now) {
        Instant lastSettleable = now.minus(settlementDelay).truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Timestamp hour = Timestamp.from(lastSettleable);
        Timestamp at = Timestamp.from(now);
        none("settlement-due", "select resource_id, next_hour from settlement_schedule where active and next_hour <= ?",
                hour);
        none("usage-due", "select id, billing_hour from metering_usage_line where not settled and billing_hour <= ? "
                + "limit 20", hour);
        none("lifecycle-due", "select resource_id, state, next_transition_at from lifecycle_resource "
                + "where next_transition_at <= ? and not deleted", at);
        none("renewal-due", "select resource_id, next_attempt_at from subscription_subscription "
                + "where status = 'ACTIVE' and next_attempt_at <= ?", at);
        none("expiry-due", "select resource_id, expires_at from subscription_subscription "
                + "where status = 'ACTIVE' and expires_at < ?", at);
    }

    /** What a restart must keep: row counts of the durable tables and the sum of every balance. */
    String durable() {
        return jdbc.queryForObject("select concat_ws(' ', (select count(*) from customer_customer), "
                + "(select count(*) from resource_event), (select count(*) from resource_segment), "
                + "(select count(*) from ledger_posting), (select count(*) from settlement_fee_record), "
                + "(select count(*) from metering_record), (select count(*) from subscription_order), "
                + "(select count(*) from notify_outbox), (select coalesce(sum(balance), 0) from ledger_account))",
                String.class);
    }

    /** The feed read with its cursor returns every outbox event once, in commit (position) order. */
    private void feedOnce() {
        List<Long> expected = jdbc.queryForList("select position from notify_outbox order by position", Long.class);
        List<Long> read = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        long cursor = 0;
        while (true) {
            List<OutboxEvent> page = outbox.after(cursor, null, null, FEED_PAGE);
            for (OutboxEvent e : page) {
                read.add(e.position());
                if (!eventIds.add(e.eventId())) {
                    throw new Violation("feed-once", "event " + e.eventId() + " read twice");
                }
                cursor = e.position();
            }
            if (page.size() < FEED_PAGE) {
                break;
            }
        }
        if (!read.equals(expected)) {
            throw new Violation("feed-once", "the feed returned " + read.size() + " events, the outbox holds "
                    + expected.size());
        }
    }

    private void none(String invariant, String sql, Object... args) {
        List<Map<String, Object>> rows = jdbc.queryForList(sql, args);
        if (!rows.isEmpty()) {
            throw new Violation(invariant, rows.size() + " row(s), first " + rows.subList(0, Math.min(3, rows.size())));
        }
    }
}
