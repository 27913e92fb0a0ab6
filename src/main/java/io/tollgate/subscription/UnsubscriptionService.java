package io.tollgate.subscription;

import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.notify.OutboxService;
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
 * Unsubscription of a prepaid resource (billing-rules.md section 6): each paid term is refunded
 * by its own rule (the running one: paid - consumed - handling fee; not yet started: in full;
 * within five days of purchase: in full, at most ten times per customer), the refund posts to
 * the ledger, and the resource is released.
 */
@Service
public class UnsubscriptionService {
    private final SubscriptionStore store;
    private final OrderKeys keys;
    private final CustomerService customers;
    private final ResourceService resources;
    private final LedgerService ledger;
    private final OutboxService outbox;
    private final Clock clock;

    public UnsubscriptionService(SubscriptionStore store, OrderKeys keys, CustomerService customers, ResourceService resources,
                                 LedgerService ledger, OutboxService outbox, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.customers = customers;
        this.resources = resources;
        this.ledger = ledger;
        this.outbox = outbox;
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
        Resource r = resources.find(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + resourceId));
        Subscription s = store.lockSubscription(resourceId)
                .orElseThrow(() -> Failure.unprocessable("not-prepaid", "resource " + resourceId
                        + " is pay-per-use: delete it instead of unsubscribing"));
        if (r.state() == ResourceState.DELETED || !(s.status().equals("ACTIVE") || s.status().equals("EXPIRED"))) {
            throw Failure.conflict("resource-released", "resource " + resourceId + " is no longer subscribed");
        }
        Instant now = clock.instant();
        var zone = clock.getZone();
        boolean fiveDay = now.isBefore(s.startedAt().plus(Refunds.FIVE_DAYS))
                && store.fiveDayUnsubscriptions(customerId) < Refunds.FIVE_DAY_LIMIT;
        BigDecimal toCash = BigDecimal.ZERO.setScale(2);
        BigDecimal toCredit = BigDecimal.ZERO.setScale(2);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (PaidTerm t : store.unrefundedTerms(resourceId)) {
            BigDecimal paid = t.paidCash().add(t.paidCredit());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("orderId", t.orderId());
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
                        t.startsAt(), t.endsExclusive(), now, zone);
                refund = calc.refund();
                line.put("rule", "pro-rata");
                line.put("orderHours", calc.orderHours());
                line.put("usedHours", calc.usedHours());
                line.put("consumed", calc.consumed().toPlainString());
                line.put("handlingFeeShare", calc.feeShare().toPlainString());
                line.put("handlingFee", calc.handlingFee().toPlainString());
            }
            line.put("refund", refund.toPlainString());
            lines.add(line);
            BigDecimal credit = refund.min(t.paidCredit());
            toCredit = toCredit.add(credit);
            toCash = toCash.add(refund.subtract(credit));
        }
        var customer = customers.customer(customerId);
        Order draft = new Order(0, customerId, OrderType.UNSUBSCRIPTION, OrderStatus.PENDING_PAYMENT, false, resourceId,
                s.resourceType(), s.specCode(), s.region(), s.nodes(), null, null, customer.currency(),
                BigDecimal.ZERO.setScale(2), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, null, null, Map.of("fiveDay", fiveDay, "terms", lines), now, null, null);
        long orderId = keys.insert(draft, idempotencyKey, hash);
        BigDecimal total = toCash.add(toCredit);
        if (total.signum() > 0) {
            ledger.refund(customerId, customer.currency(), toCash, toCredit, now, "order:" + orderId);
        }
        store.markPaid(orderId, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, now, now, now);
        store.markRefunded(orderId, total, Map.of("refund", total.toPlainString()));
        store.markTermsRefunded(resourceId);
        store.updateSubscription(SubscriptionService.with(s, s.specCode(), s.nodes(), s.expiresAt(), "UNSUBSCRIBED",
                false, false, null));
        resources.release(resourceId, now);
        outbox.append("subscription:" + resourceId + ":unsubscribed", "subscription.unsubscribed", customerId,
                resourceId, Map.of("orderId", orderId, "refund", total.toPlainString(), "fiveDay", fiveDay), now);
        return new SubscriptionService.OrderResult(store.order(orderId).orElseThrow(), false);
    }
}
