package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The prepaid part of the ledger audit. It does not read the refund totals the code computed as
 * truth: it recomputes each unsubscription's refund from the slices it consumed (paid, when the
 * slice took effect, its end, the unsubscription time, the term and year of use of its handling
 * fee) with its own arithmetic of billing-rules.md section 6, and checks per subscription that
 * the refunds never exceed the payments. Hours are counted on the UTC clock hour, which is the
 * billing zone's as long as its offset is whole hours (+08:00 in tests and examples).
 */
final class PrepaidAudit {
    private static final ZoneId ZONE = ZoneId.of("+08:00");
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private PrepaidAudit() {
    }

    static void audit(JdbcTemplate jdbc) {
        List<Map<String, Object>> overRefunded = jdbc.queryForList("select resource_id, "
                + "sum(cash_amount + credit_amount) paid, sum(refund_amount) refunded from subscription_order "
                + "where status = 'PAID' group by resource_id having sum(refund_amount) > sum(cash_amount + credit_amount)");
        assertThat(overRefunded).as("subscriptions refunded more than was paid for them").isEmpty();

        List<Map<String, Object>> overFiveDay = jdbc.queryForList("select customer_id, count(*) from subscription_order "
                + "where type = 'UNSUBSCRIPTION' and details ->> 'fiveDay' = 'true' group by customer_id "
                + "having count(*) > 10");
        assertThat(overFiveDay).as("customers granted more than ten five-day unsubscriptions").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> o : jdbc.queryForList("select o.id, o.resource_id, o.paid_at, o.refund_amount, "
                + "s.started_at from subscription_order o join subscription_subscription s on s.resource_id = o.resource_id "
                + "where o.type = 'UNSUBSCRIPTION' and o.status = 'PAID'")) {
            long id = ((Number) o.get("id")).longValue();
            Instant at = ((Timestamp) o.get("paid_at")).toInstant();
            Instant started = ((Timestamp) o.get("started_at")).toInstant();
            boolean fiveDayWindow = at.isBefore(started.plus(Duration.ofDays(5)));
            Boolean granted = jdbc.queryForObject("select details ->> 'fiveDay' = 'true' from subscription_order "
                    + "where id = ?", Boolean.class, id);
            if (Boolean.TRUE.equals(granted) && !fiveDayWindow) {
                wrong.add("order " + id + " granted the five-day rule " + Duration.between(started, at) + " after purchase");
            }
            BigDecimal expected = expectedRefund(jdbc, id, at, Boolean.TRUE.equals(granted));
            BigDecimal actual = (BigDecimal) o.get("refund_amount");
            if (expected.compareTo(actual) != 0) {
                wrong.add("order " + id + " of " + o.get("resource_id") + ": refunded " + actual + ", the rules give "
                        + expected);
            }
        }
        assertThat(wrong).as("unsubscription refunds that differ from the rules recomputed from their slices").isEmpty();
    }

    /** min(max(0, sum of slice refunds), sum of the slices): what the slices consumed by the order give back. */
    private static BigDecimal expectedRefund(JdbcTemplate jdbc, long orderId, Instant at, boolean fiveDay) {
        BigDecimal sum = ZERO;
        BigDecimal held = ZERO;
        for (Map<String, Object> t : jdbc.queryForList("select kind, starts_at, ends_exclusive, term_unit, term_count, "
                + "use_started_at, paid_cash + paid_credit paid from subscription_term where refund_order_id = ?",
                orderId)) {
            BigDecimal paid = (BigDecimal) t.get("paid");
            held = held.add(paid);
            Instant starts = ((Timestamp) t.get("starts_at")).toInstant();
            Instant ends = ((Timestamp) t.get("ends_exclusive")).toInstant();
            if (fiveDay || starts.isAfter(at)) {
                sum = sum.add(paid);
            } else if (ends.isAfter(at)) {
                sum = sum.add(sliceRefund(paid, starts, ends, at, (String) t.get("term_unit"),
                        ((Number) t.get("term_count")).intValue(), ((Timestamp) t.get("use_started_at")).toInstant()));
            }
        }
        return sum.max(ZERO).min(held.max(ZERO));
    }

    private static BigDecimal sliceRefund(BigDecimal paid, Instant starts, Instant ends, Instant at, String unit,
                                          int count, Instant useStarted) {
        long from = Math.floorDiv(starts.getEpochSecond(), 3600);
        long to = Math.floorDiv(ends.getEpochSecond() + 3599, 3600);
        long orderHours = to - from;
        long usedHours = Math.min(Math.max(0, Math.floorDiv(at.getEpochSecond(), 3600) - from), orderHours);
        BigDecimal consumed = paid.multiply(BigDecimal.valueOf(usedHours))
                .divide(BigDecimal.valueOf(orderHours), 2, RoundingMode.HALF_UP);
        int year = 1;
        while (!at.isBefore(useStarted.atZone(ZONE).plusYears(year).toInstant())) {
            year++;
        }
        String share = unit.equals("MONTH") || count == 1 ? "0.10"
                : count == 2 ? (year == 1 ? "0.15" : "0.10")
                : year == 1 ? "0.15" : year == 2 ? "0.10" : "0.05";
        BigDecimal fee = paid.multiply(new BigDecimal(share)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal refund = paid.subtract(consumed).subtract(fee);
        return paid.signum() > 0 && refund.signum() < 0 ? ZERO : refund;
    }
}
