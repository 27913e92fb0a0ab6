package io.tollgate.subscription;

import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.notify.OutboxService;
import io.tollgate.promotion.BalanceAlerts;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.ResourceState;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.core.Refunds;
import io.tollgate.subscription.core.Term;
import io.tollgate.subscription.store.SubscriptionStore;
import io.tollgate.subscription.store.SubscriptionStore.PaidTerm;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Unsubscription of a prepaid resource (billing-rules.md section 6): each slice of the
 * subscription's money is refunded by its own rule (a running one: paid - consumed - handling
 * fee; not yet started: in full; within five days of purchase: everything, at most ten times per
 * customer, counted under a per-customer lock), the total never exceeds what the slices still
 * hold, the refund posts to the ledger, the slices are consumed and the resource is released.
 */
@Service
public class UnsubscriptionService {
    private final SubscriptionStore store;
    private final OrderKeys keys;
    private final CustomerService customers;
    private final ResourceService resources;
    private final LedgerService ledger;
    private final OutboxService outbox;
    private final BalanceAlerts alerts;
    private final Clock clock;

    public UnsubscriptionService(SubscriptionStore store, OrderKeys keys, CustomerService customers, ResourceService resources,
                                 LedgerService ledger, OutboxService outbox, BalanceAlerts alerts, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.customers = customers;
        this.resources = resources;
        this.ledger = ledger;
        this.outbox = outbox;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Transactional
    public SubscriptionService.OrderResult unsubscribe(String customerId, String resourceId, String idempotencyKey) {
        io.tollgate.shared.Digests.requireIdempotencyKey(idempotencyKey);
        String hash = SubscriptionService.hash("UNSUBSCRIPTION", resourceId);
        SubscriptionService.OrderResult replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        if (store.boughtPackage(customerId, resourceId)) {
            throw Failure.unprocessable("package-not-refundable", resourceId + " is a resource package: packages "
                    + "cannot be unsubscribed or refunded (billing-rules.md section 3)");
        }
        Resource r = resources.find(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + resourceId));
        Subscription s = store.lockSubscription(resourceId)
                .orElseThrow(() -> Failure.unprocessable("not-prepaid", "resource " + resourceId
                        + " is pay-per-use: delete it instead of unsubscribing"));
        if (r.state() == ResourceState.DELETED || !(s.status().equals("ACTIVE") || s.status().equals("EXPIRED"))) {
            throw Failure.conflict("resource-released", "resource " + resourceId + " is no longer subscribed");
        }
        Instant now = clock.instant();
        // Unsubscriptions of one customer run one at a time, so the five-day count below is exact.
        store.lockCustomerUnsubscriptions(customerId);
        RefundPlan plan = plan(customerId, s, now);
        boolean fiveDay = plan.fiveDay();
        List<Map<String, Object>> lines = plan.lines();
        BigDecimal held = plan.held();
        BigDecimal total = plan.total();
        BigDecimal toCredit = plan.toCredit();
        BigDecimal toCash = plan.toCash();
        Map<String, BigDecimal> toCoupons = plan.toCoupons();
        var customer = customers.customer(customerId);
        Order draft = new Order(0, customerId, OrderType.UNSUBSCRIPTION, OrderStatus.PENDING_PAYMENT, false, resourceId,
                s.resourceType(), s.specCode(), s.region(), s.nodes(), null, null, customer.currency(),
                BigDecimal.ZERO.setScale(2), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, null, null, Map.of("fiveDay", fiveDay, "terms", lines, "held", held.toPlainString()),
                now, null, null);
        long orderId = keys.insert(draft, idempotencyKey, hash);
        // The resource (and its settlement schedule) before the ledger accounts: the lock order of
        // settlement, so an unsubscription never waits for accounts while holding the schedule row.
        resources.release(resourceId, now);
        if (total.signum() > 0 || !toCoupons.isEmpty()) {
            ledger.refund(customerId, customer.currency(), toCash, toCredit, toCoupons, now, "order:" + orderId);
        }
        store.markPaid(orderId, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, now, now, now);
        store.markRefunded(orderId, total, Map.of("refund", total.toPlainString(), "refundCash", toCash.toPlainString(),
                "refundCredit", toCredit.toPlainString()));
        store.markTermsRefunded(resourceId, orderId);
        store.updateSubscription(SubscriptionService.with(s, s.specCode(), s.nodes(), s.expiresAt(), "UNSUBSCRIBED",
                false, false, null));
        outbox.append("subscription:" + resourceId + ":unsubscribed", "subscription.unsubscribed", customerId,
                resourceId, Map.of("orderId", orderId, "refund", total.toPlainString(), "fiveDay", fiveDay), now);
        alerts.check(List.of(customerId), now);
        return new SubscriptionService.OrderResult(store.order(orderId).orElseThrow(), false);
    }

    /**
     * What unsubscribing would refund now: each slice by its rule, the total (at most what the
     * slices still hold), split into credit first and cash, and the coupons given back.
     */
    public record RefundPlan(boolean fiveDay, List<Map<String, Object>> lines, BigDecimal held, BigDecimal total,
                             BigDecimal toCash, BigDecimal toCredit, Map<String, BigDecimal> toCoupons) {
    }

    private RefundPlan plan(String customerId, Subscription s, Instant now) {
        boolean fiveDay = now.isBefore(s.startedAt().plus(Refunds.FIVE_DAYS))
                && store.fiveDayUnsubscriptions(customerId) < Refunds.FIVE_DAY_LIMIT;
        List<PaidTerm> slices = store.unrefundedTerms(s.resourceId());
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        // Cash coupons go back to their coupons with slices refunded in full (five-day rule, not yet
        // started); a slice in use returns no coupon (billing-rules.md section 6).
        Map<String, BigDecimal> toCoupons = new LinkedHashMap<>();
        for (PaidTerm t : slices) {
            Map<String, Object> line = slice(t, fiveDay, now);
            lines.add(line);
            sum = sum.add(new BigDecimal((String) line.get("refund")));
            boolean inFull = fiveDay || t.startsAt().isAfter(now);
            if (inFull && t.paidCoupon().signum() > 0) {
                ledger.couponsPaid(customerId, "order:" + t.orderId()).forEach((coupon, amount) ->
                        toCoupons.merge(coupon, amount.min(t.paidCoupon()), BigDecimal::add));
                line.put("couponReturned", t.paidCoupon().toPlainString());
            }
        }
        // Every refund consumes what it gives back: the total is at most what the slices still hold
        // (paid, net of what downgrades returned), and never negative.
        BigDecimal held = slices.stream().map(PaidTerm::paid).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal heldCredit = slices.stream().map(PaidTerm::paidCredit)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        BigDecimal total = sum.max(zero).min(held.max(zero));
        BigDecimal toCredit = total.min(heldCredit.max(zero));
        BigDecimal toCash = total.subtract(toCredit);
        return new RefundPlan(fiveDay, lines, held, total, toCash, toCredit, toCoupons);
    }

    /**
     * The refund an unsubscription made now would give, computed by the same rules without
     * changing anything (shown before the customer confirms). The unsubscription itself computes
     * it again under its locks, so the two differ only if time or another unsubscription moved on.
     */
    @Transactional(readOnly = true)
    public RefundPlan preview(String customerId, String resourceId) {
        Subscription s = store.subscription(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no subscribed resource " + resourceId));
        if (store.boughtPackage(customerId, resourceId)) {
            throw Failure.unprocessable("package-not-refundable", resourceId + " is a resource package");
        }
        if (!(s.status().equals("ACTIVE") || s.status().equals("EXPIRED"))) {
            throw Failure.conflict("resource-released", "resource " + resourceId + " is no longer subscribed");
        }
        return plan(customerId, s, clock.instant());
    }

    /** One slice's refund by its rule, with the figures it came from (the order's details). */
    private Map<String, Object> slice(PaidTerm t, boolean fiveDay, Instant now) {
        BigDecimal paid = t.paid();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("orderId", t.orderId());
        line.put("kind", t.kind().name());
        line.put("paid", paid.toPlainString());
        BigDecimal refund;
        if (fiveDay || t.startsAt().isAfter(now)) {
            refund = paid;
            line.put("rule", fiveDay ? "five-day" : "not-started");
        } else if (!t.endsExclusive().isAfter(now)) {
            refund = BigDecimal.ZERO.setScale(2);
            line.put("rule", "used");
        } else {
            Refunds.Refund calc = Refunds.refund(paid, new Term(Term.TermUnit.valueOf(t.termUnit()), t.termCount()),
                    t.startsAt(), t.endsExclusive(), t.useStartedAt(), now, clock.getZone());
            refund = calc.refund();
            line.put("rule", "pro-rata");
            line.put("orderHours", calc.orderHours());
            line.put("usedHours", calc.usedHours());
            line.put("consumed", calc.consumed().toPlainString());
            line.put("handlingFeeShare", calc.feeShare().toPlainString());
            line.put("handlingFee", calc.handlingFee().toPlainString());
        }
        line.put("refund", refund.toPlainString());
        return line;
    }
}
