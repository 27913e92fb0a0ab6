package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes every balance from postings and checks the journal against the fee records, and
 * what resource packages gave against the rated usage lines, and every prepaid refund against
 * the rules ({@link PrepaidAudit}). Runs after each integration test;
 * any violation means money (or a prepaid quota) was lost or counted twice.
 */
public final class LedgerAuditor {
    private LedgerAuditor() {
    }

    /** The audit of a deployment in the default billing zone, +08:00. */
    public static void audit(JdbcTemplate jdbc) {
        audit(jdbc, java.time.ZoneOffset.of("+08:00"));
    }

    /**
     * Cash coupons are ledger accounts: each COUPON account belongs to an issued cash coupon, was
     * issued its face value once (PROMOTION -> COUPON), never holds less than zero nor more than
     * its face value, and what it paid (face - balance) is what its USAGE and ORDER postings took
     * net of REFUND returns and revocation; every coupon part of an order is its entry's COUPON
     * postings, and a pay-per-use line's coupon part never exceeds what it was charged.
     */
    static void auditCoupons(JdbcTemplate jdbc) {
        List<Map<String, Object>> orphans = jdbc.queryForList("select a.id, a.owner from ledger_account a "
                + "left join promotion_coupon c on c.id = a.owner and c.kind = 'CASH' "
                + "where a.kind = 'COUPON' and c.id is null");
        assertThat(orphans).as("COUPON accounts without a cash coupon").isEmpty();
        List<Map<String, Object>> wrong = jdbc.queryForList("with legs as (select a.owner, a.balance, "
                + "  coalesce(sum(p.amount) filter (where e.reason = 'PROMOTION' and p.amount > 0), 0) issued, "
                + "  count(*) filter (where e.reason = 'PROMOTION' and p.amount > 0) issues, "
                + "  coalesce(-sum(p.amount) filter (where e.reason in ('USAGE', 'ORDER')), 0) used, "
                + "  coalesce(sum(p.amount) filter (where e.reason = 'REFUND'), 0) returned, "
                + "  coalesce(-sum(p.amount) filter (where e.reason = 'PROMOTION' and p.amount < 0), 0) revoked "
                + "  from ledger_account a join ledger_posting p on p.account_id = a.id "
                + "  join ledger_entry e on e.id = p.entry_id where a.kind = 'COUPON' group by a.owner, a.balance) "
                + "select c.id, c.face_value, l.* from promotion_coupon c left join legs l on l.owner = c.id "
                + "where c.kind = 'CASH' and (l.owner is null or l.issues <> 1 or l.issued <> c.face_value "
                + "or l.balance < 0 or l.balance > c.face_value "
                + "or c.face_value - l.balance <> l.used - l.returned + l.revoked)");
        assertThat(wrong).as("cash coupons whose account was not issued its face value once, went negative or "
                + "above it, or whose use differs from face - balance").isEmpty();
        List<Map<String, Object>> orderCoupons = jdbc.queryForList("with posted as (select e.reference, "
                + "  -sum(p.amount) amount from ledger_entry e join ledger_posting p on p.entry_id = e.id "
                + "  join ledger_account a on a.id = p.account_id where e.reason = 'ORDER' and a.kind = 'COUPON' "
                + "  group by e.reference) "
                + "select o.id, o.coupon_amount, p.amount from subscription_order o "
                + "left join posted p on p.reference = 'order:' || o.id "
                + "where o.status = 'PAID' and o.coupon_amount <> coalesce(p.amount, 0)");
        assertThat(orderCoupons).as("orders whose coupon part differs from their coupon postings").isEmpty();
        List<Map<String, Object>> overLines = jdbc.queryForList("select id from settlement_fee_record "
                + "where coupon_amount < 0 or (charged_amount >= 0 and coupon_amount > charged_amount) "
                + "or (charged_amount < 0 and coupon_amount <> 0)");
        assertThat(overLines).as("fee lines whose coupon part is negative or above their charge").isEmpty();
    }

    /** The audit of a deployment whose billing zone has the fixed offset {@code zone}. */
    public static void audit(JdbcTemplate jdbc, java.time.ZoneId zone) {
        String offset = zone.getRules().getOffset(java.time.Instant.EPOCH).getId().replace("Z", "+00:00");
        List<Map<String, Object>> unbalanced = jdbc.queryForList("select e.id, coalesce(sum(p.amount), 0) total, "
                + "count(p.*) legs from ledger_entry e left join ledger_posting p on p.entry_id = e.id "
                + "group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.*) < 2");
        assertThat(unbalanced).as("entries whose postings do not sum to zero or have fewer than two legs").isEmpty();

        List<Map<String, Object>> drifted = jdbc.queryForList("select a.id, a.owner, a.kind, a.balance, "
                + "coalesce(sum(p.amount), 0) posted from ledger_account a left join ledger_posting p "
                + "on p.account_id = a.id where a.owner <> '#platform' "
                + "group by a.id having a.balance <> coalesce(sum(p.amount), 0)");
        assertThat(drifted).as("accounts whose cached balance differs from the sum of postings").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from ledger_account where owner = '#platform' and balance <> 0",
                Long.class)).as("platform accounts keep no cached balance").isZero();

        List<Map<String, Object>> wrongSign = jdbc.queryForList("select a.id, a.owner, a.kind, a.balance "
                + "from ledger_account a left join ledger_credit_limit l on l.customer_id = a.owner "
                + "where (a.kind = 'CASH' and a.balance < 0) or (a.kind = 'ARREARS' and a.balance > 0) "
                + "or (a.kind = 'CREDIT' and (a.balance > 0 or a.balance < -coalesce(l.credit_limit, 0)))");
        assertThat(wrongSign).as("negative cash or positive arrears").isEmpty();

        List<Map<String, Object>> usageMismatch = jdbc.queryForList("with posted as ("
                + "  select e.customer_id, -sum(p.amount) charged from ledger_entry e "
                + "  join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account_id "
                + "  where e.reason = 'USAGE' and a.kind in ('CASH', 'ARREARS', 'CREDIT', 'COUPON') group by e.customer_id), "
                + "billed as (select customer_id, sum(charged_amount) charged from settlement_fee_record "
                + "  group by customer_id) "
                + "select coalesce(p.customer_id, b.customer_id) customer, p.charged posted, b.charged billed "
                + "from posted p full join billed b on b.customer_id = p.customer_id "
                + "where coalesce(p.charged, 0) <> coalesce(b.charged, 0)");
        assertThat(usageMismatch).as("customers whose usage postings differ from their fee records").isEmpty();

        List<Map<String, Object>> entryMismatch = jdbc.queryForList("with revenue as ("
                + "  select p.entry_id, sum(p.amount) amount from ledger_posting p join ledger_account a "
                + "  on a.id = p.account_id where a.kind = 'REVENUE' group by p.entry_id), "
                + "lines as (select entry_id, sum(charged_amount) amount, sum(cash_amount) cash, "
                + "  sum(credit_amount) credit, sum(arrears_amount) arrears, sum(coupon_amount) coupon "
                + "  from settlement_fee_record where entry_id is not null group by entry_id), "
                + "legs as (select p.entry_id, sum(p.amount) filter (where a.kind = 'CASH') cash, "
                + "  sum(p.amount) filter (where a.kind = 'CREDIT') credit, "
                + "  sum(p.amount) filter (where a.kind = 'ARREARS') arrears, "
                + "  sum(p.amount) filter (where a.kind = 'COUPON') coupon from ledger_posting p "
                + "  join ledger_account a on a.id = p.account_id group by p.entry_id) "
                + "select l.entry_id from lines l left join revenue r on r.entry_id = l.entry_id "
                + "left join legs g on g.entry_id = l.entry_id "
                + "where r.amount is distinct from l.amount or coalesce(-g.cash, 0) <> l.cash "
                + "or coalesce(-g.credit, 0) <> l.credit or coalesce(-g.arrears, 0) <> l.arrears "
                + "or coalesce(-g.coupon, 0) <> l.coupon");
        assertThat(entryMismatch).as("usage entries whose legs differ from their fee lines").isEmpty();

        List<Map<String, Object>> orderMismatch = jdbc.queryForList("with posted as ("
                + "  select e.customer_id, -sum(p.amount) filter (where e.reason = 'ORDER') paid, "
                + "  sum(p.amount) filter (where e.reason = 'REFUND') refunded from ledger_entry e "
                + "  join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account_id "
                + "  where e.reason in ('ORDER', 'REFUND') and a.kind in ('CASH', 'ARREARS', 'CREDIT') "
                + "  group by e.customer_id), "
                + "ordered as (select customer_id, sum(cash_amount + credit_amount) filter (where status = 'PAID') paid, "
                + "  sum(refund_amount) refunded from subscription_order group by customer_id) "
                + "select coalesce(p.customer_id, o.customer_id) customer, p.paid, o.paid, p.refunded, o.refunded "
                + "from posted p full join ordered o on o.customer_id = p.customer_id "
                + "where coalesce(p.paid, 0) <> coalesce(o.paid, 0) or coalesce(p.refunded, 0) <> coalesce(o.refunded, 0)");
        assertThat(orderMismatch).as("customers whose order payments or refunds differ from their postings").isEmpty();

        List<Map<String, Object>> packageMismatch = jdbc.queryForList("with given as ("
                + "  select p.customer_id, p.meter, sum(u.consumed) quantity from metering_package_usage u "
                + "  join metering_package p on p.id = u.package_id group by p.customer_id, p.meter), "
                + "used as (select customer_id, meter, sum(q) quantity from ("
                + "  select customer_id, meter, package_quantity q from metering_usage_line where package_quantity <> 0 "
                + "  union all select customer_id, spec_code, package_quantity from settlement_fee_record "
                + "  where meter = 'COMPUTE' and package_quantity <> 0) u group by customer_id, meter) "
                + "select coalesce(g.customer_id, u.customer_id) customer, coalesce(g.meter, u.meter) meter, "
                + "g.quantity given, u.quantity used from given g full join used u "
                + "on u.customer_id = g.customer_id and u.meter = g.meter "
                + "where coalesce(g.quantity, 0) <> coalesce(u.quantity, 0) "
                + "union all select p.customer_id, p.meter, u.consumed, p.quota from metering_package_usage u "
                + "join metering_package p on p.id = u.package_id where u.consumed > p.quota");
        assertThat(packageMismatch).as("package quotas given differ from the package usage on rated lines, "
                + "or a period gave more than its quota").isEmpty();

        // The sub-cent carry, recomputed from the fee lines alone: each customer's month (of the hour a line is
        // billed in, in the billing zone) is charged its fee amounts' sum rounded half-up to the cent,
        // and the carry rows say the same.
        List<Map<String, Object>> monthMismatch = jdbc.queryForList("with lines as ("
                + "  select customer_id, date_trunc('month', hour_start at time zone interval '" + offset + "')::date m, "
                + "  sum(amount) fees, sum(charged_amount) charged from settlement_fee_record group by 1, 2) "
                + "select l.*, c.fee_amount, c.charged_amount from lines l full join settlement_month_charge c "
                + "on c.customer_id = l.customer_id and c.month = l.m "
                + "where l.charged is distinct from round(l.fees, 2) or c.fee_amount is distinct from l.fees "
                + "or c.charged_amount is distinct from l.charged");
        assertThat(monthMismatch).as("customer months not charged the rounded sum of their fee amounts").isEmpty();

        PrepaidAudit.audit(jdbc);
        auditCoupons(jdbc);

        List<Map<String, Object>> zeroLinesWithEntry = jdbc.queryForList("select id from settlement_fee_record "
                + "where entry_id is null and charged_amount <> 0");
        assertThat(zeroLinesWithEntry).as("charged lines without a journal entry").isEmpty();
    }
}
