package io.tollgate.billing;

import io.tollgate.billing.core.RecordType;
import io.tollgate.shared.Amounts;
import io.tollgate.subscription.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A prepaid order as a line of the detailed bill. A payment (purchase, renewal, auto-renewal, paid
 * change, package) is list - discount = coupon + cash + credit, over the term it bought
 * [effectiveFrom, expiry + 1 s); a downgrade or an unsubscription is a REFUND line of the money it
 * gave back, negative, split into cash and credit as the ledger gave it back. Either is billed at
 * its payment time ({@code hourStart}), so it belongs to that month. No sub-cent carry applies:
 * orders are at the cent, so the truncated amount is zero.
 */
final class OrderLines {
    private OrderLines() {
    }

    /** Where a line's resource context comes from: its service type, enterprise project and tags. */
    record Context(String serviceType, String enterpriseProject, Map<String, String> tags) {
    }

    static boolean isRefund(Order o) {
        return o.type().name().equals("UNSUBSCRIPTION")
                || o.type().name().equals("CHANGE") && o.details().containsKey("refund");
    }

    static RecordType recordType(Order o) {
        return RecordType.ofOrder(o.type().name(), o.auto(), isRefund(o));
    }

    static FeeRecordView line(Order o, Context c) {
        boolean refund = isRefund(o);
        Money m = refund ? refundMoney(o) : paidMoney(o);
        Instant paid = o.paidAt();
        Instant start = refund || o.effectiveFrom() == null ? paid : o.effectiveFrom();
        Instant end = refund || o.expiresAt() == null ? paid : o.expiresAt().plusSeconds(1);
        String billingMode = "YEARLY_MONTHLY";
        String usage = o.termCount() == null ? "0" : Integer.toString(o.termCount());
        String zero = "0.00";
        return new FeeRecordView(o.id(), "PAID", recordType(o).name(), o.resourceId(), o.resourceType(), "PREPAID",
                o.specCode(), o.region(), billingMode, paid, start, end, null, 0, o.nodes(), usage, "0", "0",
                o.termUnit(), null, 0, Amounts.format(m.list()), Amounts.format(m.discount()),
                Amounts.format(m.due()), Amounts.format(m.due()), zero, Amounts.format(m.cash()),
                Amounts.format(m.credit()), zero, o.currency(), c.enterpriseProject(), c.tags(), null,
                refund ? "REFUND" : "CHARGE", recordType(o).name(), c.serviceType(), Amounts.format(m.coupon()),
                o.id(), handlingFee(o));
    }

    /** The handling fees an unsubscription kept of its slices in use (its details' terms), or null. */
    static String handlingFee(Order o) {
        if (!o.type().name().equals("UNSUBSCRIPTION") || !(o.details().get("terms") instanceof List<?> terms)) {
            return null;
        }
        BigDecimal fee = BigDecimal.ZERO.setScale(2);
        for (Object t : terms) {
            if (t instanceof Map<?, ?> term && term.get("handlingFee") != null) {
                fee = fee.add(new BigDecimal(term.get("handlingFee").toString()));
            }
        }
        return Amounts.format(fee);
    }

    /** The money of a prepaid line: list, discount, amount due and how it was paid. */
    record Money(BigDecimal list, BigDecimal discount, BigDecimal due, BigDecimal cash, BigDecimal credit,
                 BigDecimal coupon) {
    }

    private static Money paidMoney(Order o) {
        return new Money(o.listAmount(), o.discountAmount(), o.listAmount().subtract(o.discountAmount()),
                o.cashAmount(), o.creditAmount(), o.couponAmount());
    }

    /** A refund: what the ledger gave back to credit (restored first) and to cash, negative. */
    private static Money refundMoney(Order o) {
        BigDecimal refund = o.refundAmount().negate();
        Object credit = o.details().get("refundCredit");
        BigDecimal toCredit = credit == null ? BigDecimal.ZERO.setScale(2) : new BigDecimal(credit.toString()).negate();
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new Money(refund, zero, refund, refund.subtract(toCredit), toCredit, zero);
    }
}
