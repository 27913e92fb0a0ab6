package io.tollgate.subscription;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.ResourceType;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.OrderPayment;
import io.tollgate.ledger.PaymentResult;
import io.tollgate.notify.OutboxService;
import io.tollgate.promotion.BalanceAlerts;
import io.tollgate.promotion.PromotionService;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.ResourceState;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.core.ProRating;
import io.tollgate.subscription.core.Renewals;
import io.tollgate.subscription.core.Term;
import io.tollgate.subscription.store.SubscriptionStore;
import io.tollgate.subscription.store.SubscriptionStore.PaidTerm;
import io.tollgate.subscription.store.SubscriptionStore.SliceKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prepaid orders: purchase, payment of pending orders, cancellation, renewal, spec change and
 * mode change. Every order goes through one payment step in the ledger (discount, at most one
 * cash coupon, cash, credit); an order the balance cannot pay waits in PENDING_PAYMENT and
 * changes nothing until it is paid.
 */
@Service
public class SubscriptionService {
    /** The order detail naming the cash coupon the customer chose. */
    static final String COUPON_ID = "couponId";
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    static final int MAX_NODES = 1000;
    /** The largest prepaid disk or file share, as for pay-per-use capacity resources. */
    static final int MAX_SIZE_GB = 1_048_576;

    private static final String ENTERPRISE_PROJECT = "enterpriseProject";
    private final SubscriptionStore store;
    private final OrderKeys keys;
    private final PrepaidPricing pricing;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final ResourceService resources;
    private final LedgerService ledger;
    private final OutboxService outbox;
    private final ApplicationEventPublisher events;
    private final io.tollgate.settlement.SettlementService settlement;
    private final PackageDelivery packages;
    private final PromotionService promotion;
    private final BalanceAlerts alerts;
    private final Clock clock;

    public SubscriptionService(SubscriptionStore store, OrderKeys keys, PrepaidPricing pricing, CatalogService catalog,
                               CustomerService customers, ResourceService resources, LedgerService ledger,
                               OutboxService outbox, ApplicationEventPublisher events, io.tollgate.settlement.SettlementService settlement,
                               PackageDelivery packages, PromotionService promotion, BalanceAlerts alerts,
                               Clock clock) {
        this.store = store;
        this.keys = keys;
        this.pricing = pricing;
        this.catalog = catalog;
        this.customers = customers;
        this.resources = resources;
        this.ledger = ledger;
        this.outbox = outbox;
        this.events = events;
        this.settlement = settlement;
        this.packages = packages;
        this.promotion = promotion;
        this.alerts = alerts;
        this.clock = clock;
    }

    public record TermRequest(Term.TermUnit unit, Integer count) {
        Term term() {
            if (unit == null || count == null) {
                throw Failure.invalid("invalid-term", "a term needs a unit (MONTH or YEAR) and a count");
            }
            try {
                return new Term(unit, count);
            } catch (IllegalArgumentException e) {
                throw Failure.invalid("invalid-term", "a term is 1 to 11 months or 1 to 3 years");
            }
        }
    }

    /**
     * {@code nodes} for compute types; {@code sizeGb} for capacity types (prepaid disks and file
     * shares); {@code couponId} optionally names the cash coupon to pay with (otherwise the best
     * eligible one pays).
     */
    public record PurchaseRequest(String resourceType, String specCode, String region, Integer nodes, TermRequest term,
                                  Boolean autoRenew, String resourceId, Integer sizeGb, String couponId,
                                  String enterpriseProject) {
        public PurchaseRequest(String resourceType, String specCode, String region, Integer nodes, TermRequest term,
                               Boolean autoRenew, String resourceId, Integer sizeGb) {
            this(resourceType, specCode, region, nodes, term, autoRenew, resourceId, sizeGb, null, null);
        }
    }

    /** An order and whether it is the first answer to its idempotency key or a replay. */
    public record OrderResult(Order order, boolean replay) {
    }

    // ---- purchase ---------------------------------------------------------------------------------------------

    @Transactional
    public OrderResult purchase(String customerId, PurchaseRequest r, String idempotencyKey) {
        requireKey(idempotencyKey);
        Customer customer = customers.customer(customerId);
        Term term = termOf(r.term());
        ResourceType type = prepaidType(r.resourceType());
        catalog.spec(r.specCode());
        int nodes = quantity(type, r.nodes(), r.sizeGb());
        String resourceId = r.resourceId() == null ? "ym-" + UUID.randomUUID() : r.resourceId();
        if (!RESOURCE_ID.matcher(resourceId).matches()) {
            throw Failure.invalid("invalid-resource-id", "resourceId must be 1-128 letters, digits or ._:/-");
        }
        // the fingerprint of requests without a coupon or a project is what it was before either existed
        List<Object> fields = new java.util.ArrayList<>(java.util.Arrays.asList("NEW", r.resourceType(), r.specCode(),
                r.region(), r.nodes(), term, r.autoRenew(), r.resourceId(), r.sizeGb()));
        if (r.couponId() != null) {
            fields.add(r.couponId());
        }
        if (r.enterpriseProject() != null) {
            fields.add("project=" + r.enterpriseProject());
        }
        String hash = hash(fields.toArray());
        var replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        if (r.resourceId() != null && resources.find(resourceId).isPresent()) {
            throw Failure.conflict("resource-exists", "resource " + resourceId + " already exists");
        }
        Instant now = clock.instant();
        BigDecimal amount = pricing.termPrice(type, r.specCode(), r.region(), customer.currency(), term, nodes, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("autoRenew", Boolean.TRUE.equals(r.autoRenew()));
        if (capacity(type)) {
            details.put("sizeGb", nodes);
        }
        if (r.couponId() != null) {
            details.put(COUPON_ID, r.couponId());
        }
        if (r.enterpriseProject() != null) {
            // the project the term's resource is created in: one of the customer's (default when none)
            details.put(ENTERPRISE_PROJECT, resources.checkedProject(customerId, r.enterpriseProject()));
        }
        Order order = insert(customer, OrderType.NEW, resourceId, type.code(), r.specCode(), r.region(), nodes, term,
                amount, details, idempotencyKey, hash, false);
        return new OrderResult(payAndExecute(order, now), false);
    }

    /** Pays a pending order now; a paid order is returned as it is. */
    @Transactional
    public OrderResult pay(String customerId, long orderId) {
        Order order = ownOrder(customerId, orderId, true);
        if (order.status() == OrderStatus.PAID) {
            return new OrderResult(order, true);
        }
        if (order.status() == OrderStatus.CANCELLED) {
            throw Failure.conflict("order-cancelled", "order " + orderId + " was cancelled");
        }
        Order after = payAndExecute(order, clock.instant());
        if (after.status() != OrderStatus.PAID) {
            throw Failure.unprocessable("insufficient-balance", "the balance cannot pay order " + orderId + " ("
                    + order.listAmount().toPlainString() + " " + order.currency() + ")");
        }
        return new OrderResult(after, false);
    }

    @Transactional
    public Order cancel(String customerId, long orderId) {
        Order order = ownOrder(customerId, orderId, true);
        if (order.status() == OrderStatus.CANCELLED) {
            return order;
        }
        if (order.status() != OrderStatus.PENDING_PAYMENT) {
            throw Failure.conflict("order-not-pending", "only an order pending payment can be cancelled");
        }
        store.markCancelled(orderId, clock.instant());
        return store.order(orderId).orElseThrow();
    }

    // ---- renewal ----------------------------------------------------------------------------------------------

    /** Renews from the old expiry, in any state before release (grace and frozen included). */
    @Transactional
    public OrderResult renew(String customerId, String resourceId, TermRequest termRequest, String idempotencyKey) {
        return renew(customerId, resourceId, termRequest, null, idempotencyKey);
    }

    /** As {@link #renew(String, String, TermRequest, String)}, paying with the cash coupon {@code couponId} when not null. */
    @Transactional
    public OrderResult renew(String customerId, String resourceId, TermRequest termRequest, String couponId,
                             String idempotencyKey) {
        requireKey(idempotencyKey);
        Term term = termOf(termRequest);
        String hash = couponId == null ? hash("RENEWAL", resourceId, term) : hash("RENEWAL", resourceId, term, couponId);
        var replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        Subscription s = renewable(customerId, resourceId);
        Customer customer = customers.customer(customerId);
        BigDecimal amount = pricing.termPrice(catalog.resourceType(s.resourceType()), s.specCode(), s.region(),
                s.currency(), term, s.nodes(), clock.instant());
        Order order = insert(customer, OrderType.RENEWAL, resourceId, s.resourceType(), s.specCode(), s.region(),
                s.nodes(), term, amount, couponId == null ? Map.of() : Map.of(COUPON_ID, couponId), idempotencyKey,
                hash, false);
        return new OrderResult(payAndExecute(order, clock.instant()), false);
    }

    /**
     * One automatic renewal attempt at {@code at}: a RENEWAL order paid at once or cancelled, the
     * attempt recorded and published, and on failure the retry at 03:00 the next day (until expiry).
     */
    void attemptRenewal(Subscription s, Instant at) {
        if (resources.find(s.resourceId()).map(r -> r.state() == ResourceState.DELETED).orElse(true)) {
            // Released (deleted) meanwhile: nothing to renew. The attempt is recorded as failed and
            // auto-renewal ends, rather than failing on every retry.
            store.insertAttempt(s.resourceId(), s.customerId(), at, "FAILED", "resource-released", null);
            store.updateSubscription(with(s, s.specCode(), s.nodes(), s.expiresAt(), s.status(), false,
                    s.convertToPayPerUse(), null));
            return;
        }
        Order order = autoRenew(s, at);
        boolean ok = order.status() == OrderStatus.PAID;
        String reason = ok ? null : "insufficient-balance";
        store.insertAttempt(s.resourceId(), s.customerId(), at, ok ? "SUCCEEDED" : "FAILED", reason, order.id());
        if (!ok) {
            Instant retry = Renewals.retry(at, s.expiresAt(), clock.getZone());
            store.updateSubscription(with(s, s.specCode(), s.nodes(), s.expiresAt(), s.status(), s.autoRenew(),
                    s.convertToPayPerUse(), retry));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("resourceId", s.resourceId());
        payload.put("orderId", order.id());
        payload.put("outcome", ok ? "SUCCEEDED" : "FAILED");
        payload.put("reason", reason);
        payload.put("amount", order.listAmount().toPlainString());
        outbox.append("renewal:" + s.resourceId() + ":" + at.getEpochSecond(),
                ok ? "subscription.renewal.succeeded" : "subscription.renewal.failed", s.customerId(), s.resourceId(),
                payload, at);
    }

    /** A renewal made by the auto-renewal job at {@code at}; returns the order (PAID, or CANCELLED on failure). */
    Order autoRenew(Subscription s, Instant at) {
        Customer customer = customers.customer(s.customerId());
        Term term = new Term(Term.TermUnit.valueOf(s.termUnit()), s.termCount());
        BigDecimal amount = pricing.termPrice(catalog.resourceType(s.resourceType()), s.specCode(), s.region(),
                s.currency(), term, s.nodes(), at);
        String key = "auto-renew:" + s.resourceId() + ":" + at.getEpochSecond();
        Order order = insert(customer, OrderType.RENEWAL, s.resourceId(), s.resourceType(), s.specCode(), s.region(),
                s.nodes(), term, amount, Map.of(), key, hash("AUTO", s.resourceId(), at), true);
        Order after = payAndExecute(order, at);
        if (after.status() != OrderStatus.PAID) {
            store.markCancelled(order.id(), at);
            return store.order(order.id()).orElseThrow();
        }
        return after;
    }

    // ---- changes ----------------------------------------------------------------------------------------------

    /** A new spec and/or node count; for a prepaid disk or file share, a new {@code sizeGb} (an expansion). */
    public record ChangeRequest(String specCode, Integer nodes, Integer sizeGb) {
    }

    /**
     * Upgrades or downgrades a prepaid resource, pro-rated over the remaining term: an upgrade is
     * an order to pay (a positive slice of money), a downgrade refunds the difference to the
     * balance (a negative slice: the money given back, which a later unsubscription takes off).
     */
    @Transactional
    public OrderResult change(String customerId, String resourceId, ChangeRequest r, String idempotencyKey) {
        requireKey(idempotencyKey);
        String hash = hash("CHANGE", resourceId, r.specCode(), r.nodes(), r.sizeGb());
        var replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        Subscription s = activeSubscription(customerId, resourceId);
        settlement.lockSchedule(resourceId);
        ResourceType type = catalog.resourceType(s.resourceType());
        String spec = r.specCode() == null ? s.specCode() : r.specCode();
        int nodes = r.nodes() == null && r.sizeGb() == null ? s.nodes() : quantity(type, r.nodes(), r.sizeGb());
        if (spec.equals(s.specCode()) && nodes == s.nodes()) {
            throw Failure.invalid("invalid-change", "a change must change the spec, the node count or the size");
        }
        if (!catalog.spec(spec).kind().equals(catalog.spec(s.specCode()).kind())) {
            throw Failure.unprocessable("spec-not-allowed", "spec " + spec + " cannot replace " + s.specCode());
        }
        Instant now = clock.instant();
        List<PaidTerm> slices = store.unrefundedTerms(resourceId);
        BigDecimal factor = remainingFactor(s, slices, now);
        Term.TermUnit unit = Term.TermUnit.valueOf(s.termUnit());
        BigDecimal oldMonthly = pricing.monthlyPrice(s.specCode(), s.region(), s.currency(), s.nodes(), unit, now);
        BigDecimal newMonthly = pricing.monthlyPrice(spec, s.region(), s.currency(), nodes, unit, now);
        BigDecimal fee = ProRating.changeFee(oldMonthly, newMonthly, factor);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fromSpec", s.specCode());
        details.put("toSpec", spec);
        details.put(capacity(type) ? "fromSizeGb" : "fromNodes", s.nodes());
        details.put(capacity(type) ? "toSizeGb" : "toNodes", nodes);
        details.put("remainingFactor", factor.toPlainString());
        details.put("oldMonthlyPrice", oldMonthly.toPlainString());
        details.put("newMonthlyPrice", newMonthly.toPlainString());
        Customer customer = customers.customer(customerId);
        Order order = insert(customer, OrderType.CHANGE, resourceId, s.resourceType(), spec, s.region(), nodes, null,
                fee.max(BigDecimal.ZERO.setScale(2)), details, idempotencyKey, hash, false);
        if (fee.signum() > 0) {
            return new OrderResult(payAndExecute(order, now), false);
        }
        refundDowngrade(s, order, fee.negate(), slices, now);
        applyChange(s, spec, nodes, now);
        return new OrderResult(store.order(order.id()).orElseThrow(), false);
    }

    /**
     * A downgrade gives back the price difference for the remaining term, but never more than the
     * subscription still holds (its slices net of earlier downgrades); credit is restored first.
     * The money given back is a negative slice over the rest of the term.
     */
    private void refundDowngrade(Subscription s, Order order, BigDecimal computed, List<PaidTerm> slices,
                                 Instant now) {
        BigDecimal held = slices.stream().map(PaidTerm::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal heldCredit = slices.stream().map(PaidTerm::paidCredit).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal refund = computed.min(held.max(BigDecimal.ZERO)).setScale(2, RoundingMode.UNNECESSARY);
        BigDecimal toCredit = refund.min(heldCredit.max(BigDecimal.ZERO)).setScale(2, RoundingMode.UNNECESSARY);
        BigDecimal toCash = refund.subtract(toCredit);
        if (refund.signum() > 0) {
            ledger.refund(s.customerId(), s.currency(), toCash, toCredit, now, "order:" + order.id());
            PaidTerm base = baseSlice(slices, now);
            store.insertTerm(new PaidTerm(order.id(), s.resourceId(), SliceKind.DOWNGRADE, now,
                    Term.endExclusive(s.expiresAt()), base == null ? s.termUnit() : base.termUnit(),
                    base == null ? s.termCount() : base.termCount(), base == null ? s.startedAt() : base.useStartedAt(),
                    toCash.negate(), toCredit.negate(), BigDecimal.ZERO.setScale(2)));
        }
        store.markPaid(order.id(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, now, now,
                s.expiresAt());
        store.markRefunded(order.id(), refund, Map.of("refund", refund.toPlainString(), "refundCash",
                toCash.toPlainString(), "refundCredit", toCredit.toPlainString()));
    }

    /**
     * The remaining factor of a change at {@code now}, capped by the remaining share of the paid
     * term: the term runs from the start of the earliest purchase or renewal still running (a
     * renewal counts from its old expiry day) to the expiry, and holds the months of those slices.
     */
    private BigDecimal remainingFactor(Subscription s, List<PaidTerm> slices, Instant now) {
        var zone = clock.getZone();
        LocalDate changeDay = now.atZone(zone).toLocalDate();
        LocalDate expiryDay = s.expiresAt().atZone(zone).toLocalDate();
        List<PaidTerm> terms = slices.stream().filter(t -> t.kind() == SliceKind.PURCHASE
                || t.kind() == SliceKind.RENEWAL).filter(t -> t.endsExclusive().isAfter(now)).toList();
        if (terms.isEmpty()) {
            return ProRating.remainingFactor(changeDay, expiryDay);
        }
        PaidTerm first = terms.get(0);
        Instant startDayOf = first.kind() == SliceKind.RENEWAL ? first.startsAt().minusSeconds(1) : first.startsAt();
        int months = terms.stream().mapToInt(t -> new Term(Term.TermUnit.valueOf(t.termUnit()), t.termCount()).months())
                .sum();
        return ProRating.remainingFactor(changeDay, expiryDay, startDayOf.atZone(zone).toLocalDate(), months);
    }

    /** The purchase or renewal slice running at {@code at}, whose term and year of use a change's slice takes. */
    private static PaidTerm baseSlice(List<PaidTerm> slices, Instant at) {
        return slices.stream().filter(t -> t.kind() == SliceKind.PURCHASE || t.kind() == SliceKind.RENEWAL)
                .filter(t -> !t.startsAt().isAfter(at) && t.endsExclusive().isAfter(at)).findFirst().orElse(null);
    }

    /** Pay-per-use to yearly/monthly: takes effect when paid, splitting that hour's pay-per-use line at that second. */
    @Transactional
    public OrderResult toPrepaid(String customerId, String resourceId, TermRequest termRequest, Boolean autoRenew,
                                 String idempotencyKey) {
        requireKey(idempotencyKey);
        Term term = termOf(termRequest);
        String hash = hash("MODE_CHANGE", resourceId, term, autoRenew);
        var replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        Resource r = ownResource(customerId, resourceId);
        if (r.billingMode() != BillingMode.PAY_PER_USE) {
            throw Failure.conflict("already-prepaid", "resource " + resourceId + " is already yearly/monthly");
        }
        if (r.state() == ResourceState.DELETED) {
            throw Failure.conflict("resource-deleted", "resource " + resourceId + " was deleted");
        }
        ResourceType type = prepaidType(r.resourceType());
        int quantity = capacity(type) ? r.sizeGb() : r.nodes();
        if (store.pendingOrderFor(resourceId, OrderType.MODE_CHANGE)) {
            throw Failure.conflict("order-pending", "a mode change of " + resourceId + " is already pending payment");
        }
        Customer customer = customers.customer(customerId);
        BigDecimal amount = pricing.termPrice(type, r.specCode(), r.region(), customer.currency(), term, quantity,
                clock.instant());
        Order order = insert(customer, OrderType.MODE_CHANGE, resourceId, r.resourceType(), r.specCode(), r.region(),
                quantity, term, amount, Map.of("autoRenew", Boolean.TRUE.equals(autoRenew)), idempotencyKey, hash,
                false);
        return new OrderResult(payAndExecute(order, clock.instant()), false);
    }

    /** Yearly/monthly to pay-per-use: takes effect at expiry (the expiry job switches the mode). */
    @Transactional
    public Subscription toPayPerUseAtExpiry(String customerId, String resourceId, boolean enabled) {
        Subscription s = activeSubscription(customerId, resourceId);
        Subscription after = with(s, s.specCode(), s.nodes(), s.expiresAt(), s.status(), s.autoRenew() && !enabled,
                enabled, enabled ? null : s.nextAttemptAt());
        store.updateSubscription(after);
        return after;
    }

    @Transactional
    public Subscription setAutoRenew(String customerId, String resourceId, boolean enabled) {
        Subscription s = activeSubscription(customerId, resourceId);
        Instant next = enabled ? Renewals.firstAttempt(s.expiresAt(), store.deductionDays(customerId), clock.instant(),
                clock.getZone()) : null;
        Subscription after = with(s, s.specCode(), s.nodes(), s.expiresAt(), s.status(), enabled,
                enabled ? false : s.convertToPayPerUse(), next);
        store.updateSubscription(after);
        if (next != null && !next.isAfter(clock.instant())) {
            // Switched on after the deduction day: the charge is made at once.
            attemptRenewal(after, clock.instant());
            return store.subscription(resourceId).orElseThrow();
        }
        return after;
    }

    @Transactional
    public int setDeductionDays(String customerId, Integer days) {
        customers.customer(customerId);
        if (days == null || days < 0 || days > 7) {
            throw Failure.invalid("invalid-deduction-day", "the deduction day is 0 to 7 days before expiry");
        }
        store.saveDeductionDays(customerId, days);
        // Attempts already planned move to the new deduction day; one whose new day has passed is
        // due at once (the renewal job makes it), as when auto-renewal is switched on late.
        Instant now = clock.instant();
        for (Subscription s : store.lockPlannedAttempts(customerId)) {
            Instant next = Renewals.firstAttempt(s.expiresAt(), days, now, clock.getZone());
            store.updateSubscription(with(s, s.specCode(), s.nodes(), s.expiresAt(), s.status(), s.autoRenew(),
                    s.convertToPayPerUse(), next));
        }
        return days;
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    public Order order(String customerId, long orderId) {
        return ownOrder(customerId, orderId, false);
    }

    public List<Order> orders(String customerId, String type, String status, long afterId, int limit) {
        if (type != null) {
            enumValue(OrderType.class, type, "type");
        }
        if (status != null) {
            enumValue(OrderStatus.class, status, "status");
        }
        return store.orders(customerId, type, status, afterId, limit);
    }

    public Subscription subscription(String customerId, String resourceId) {
        Subscription s = store.subscription(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-subscription", "no subscription for " + resourceId));
        return s;
    }

    /** Active subscriptions of every customer expiring in [from, to), a page by resource id. */
    public List<Subscription> expiringBetween(Instant from, Instant to, String afterId, int limit) {
        return store.expiringBetween(from, to, afterId == null ? "" : afterId, limit);
    }

    public List<Subscription> subscriptions(String customerId, String afterId, int limit) {
        return store.subscriptions(customerId, afterId, limit);
    }

    public List<RenewalAttempt> attempts(String customerId, String resourceId) {
        subscription(customerId, resourceId);
        return store.attempts(resourceId);
    }

    public int deductionDays(String customerId) {
        return store.deductionDays(customerId);
    }

    // ---- the payment step and its effects ---------------------------------------------------------------------

    /**
     * Pays an order through the ledger's payment step and carries it out; a shortfall leaves it
     * pending. In order: the resource's schedule is locked (not for a new resource or a package,
     * which have none), promotions choose the one discount and the one cash coupon (locking the
     * coupon rows they use), the ledger pays (coupon, cash, credit: the accounts locked in id order),
     * the order is carried out, and the balance alert is checked. Package orders
     * ({@link PackageOrderService}) are placed elsewhere and paid here.
     */
    Order payAndExecute(Order order, Instant at) {
        if (order.type() != OrderType.NEW && order.type() != OrderType.PACKAGE) {
            // The lock order of settlement: the resource's schedule before the accounts.
            settlement.lockSchedule(order.resourceId());
        }
        String packageService = order.type() == OrderType.PACKAGE ? (String) order.details().get("serviceType") : null;
        PromotionService.OrderPricing pricing = promotion.priceOrder(new PromotionService.OrderQuery(order.customerId(),
                order.currency(), packageService, order.resourceType(), order.region(), order.type().name(), order.listAmount(), at),
                (String) order.details().get(COUPON_ID));
        PaymentResult paid = ledger.payOrder(new OrderPayment(order.customerId(), order.currency(), order.listAmount(),
                pricing.discount(), pricing.cashCouponId(), at, "order:" + order.id()));
        if (!paid.paid()) {
            return store.order(order.id()).orElseThrow();
        }
        promotion.recordOrderUse(pricing, order.id());
        Instant[] term = execute(order, paid, at);
        store.markPaid(order.id(), paid.discount(), paid.coupon(), paid.cash(), paid.credit(), at, term[0], term[1]);
        Order done = store.order(order.id()).orElseThrow();
        outbox.append("order:" + order.id() + ":paid", "subscription.order.paid", order.customerId(),
                order.resourceId(), Map.of("orderId", order.id(), "type", order.type().name(),
                        "amount", order.listAmount().toPlainString()), at);
        alerts.check(List.of(order.customerId()), at);
        return done;
    }

    /** Carries out a paid order; returns the [effective from, expires at] of the term it bought. */
    private Instant[] execute(Order order, PaymentResult paid, Instant at) {
        Term term = order.termUnit() == null ? null : new Term(Term.TermUnit.valueOf(order.termUnit()), order.termCount());
        var zone = clock.getZone();
        switch (order.type()) {
            case NEW, MODE_CHANGE -> {
                if (order.type() == OrderType.NEW) {
                    resources.createPrepaid(order.resourceId(), order.customerId(), order.resourceType(),
                            (String) order.details().getOrDefault(ENTERPRISE_PROJECT, "default"),
                            order.specCode(), order.region(), order.nodes(), at);
                } else {
                    resources.changeMode(order.resourceId(), BillingMode.YEARLY_MONTHLY, at);
                }
                Instant expires = term.expiresAt(at, zone);
                boolean auto = Boolean.TRUE.equals(order.details().get("autoRenew"));
                Instant next = auto ? Renewals.firstAttempt(expires, store.deductionDays(order.customerId()), at, zone)
                        : null;
                store.insertSubscription(new Subscription(order.resourceId(), order.customerId(), order.resourceType(),
                        order.specCode(), order.region(), order.nodes(), order.currency(), term.unit().name(),
                        term.count(), at, expires, "ACTIVE", auto, false, next));
                store.insertTerm(new PaidTerm(order.id(), order.resourceId(), SliceKind.PURCHASE, at,
                        Term.endExclusive(expires), term.unit().name(), term.count(), at, paid.cash(), paid.credit(),
                        paid.coupon()));
                return new Instant[] {at, expires};
            }
            case RENEWAL -> {
                Subscription s = renewable(order.customerId(), order.resourceId());
                Instant expires = term.renewedExpiry(s.expiresAt(), zone);
                Instant next = s.autoRenew() ? Renewals.firstAttempt(expires, store.deductionDays(order.customerId()),
                        at, zone) : null;
                store.updateSubscription(with(s, s.specCode(), s.nodes(), expires, "ACTIVE", s.autoRenew(),
                        s.convertToPayPerUse(), next));
                Instant starts = Term.endExclusive(s.expiresAt());
                store.insertTerm(new PaidTerm(order.id(), order.resourceId(), SliceKind.RENEWAL, starts,
                        Term.endExclusive(expires), term.unit().name(), term.count(), starts, paid.cash(),
                        paid.credit(), paid.coupon()));
                events.publishEvent(new TermRenewed(order.resourceId(), order.customerId(), expires, at));
                return new Instant[] {Term.endExclusive(s.expiresAt()), expires};
            }
            case CHANGE -> {
                Subscription s = activeSubscription(order.customerId(), order.resourceId());
                PaidTerm base = baseSlice(store.unrefundedTerms(order.resourceId()), at);
                applyChange(s, order.specCode(), order.nodes(), at);
                // The upgrade fee pays for the rest of the term: a slice refunded on its own hours if
                // unsubscribed, with the handling fee of the term it belongs to, its year of use counted
                // from that term's start (not from the upgrade).
                store.insertTerm(new PaidTerm(order.id(), order.resourceId(), SliceKind.UPGRADE, at,
                        Term.endExclusive(s.expiresAt()), base == null ? s.termUnit() : base.termUnit(),
                        base == null ? s.termCount() : base.termCount(),
                        base == null ? s.startedAt() : base.useStartedAt(), paid.cash(), paid.credit(), paid.coupon()));
                return new Instant[] {at, s.expiresAt()};
            }
            case PACKAGE -> {
                // Not refundable, so never consumed by an unsubscription: a slice only amortization reads.
                Instant[] validity = packages.deliver(order);
                store.insertTerm(new PaidTerm(order.id(), order.resourceId(), SliceKind.PACKAGE, validity[0],
                        validity[1], order.termUnit(), order.termCount(), validity[0], paid.cash(), paid.credit(),
                        paid.coupon()));
                return validity;
            }
            default -> throw new IllegalStateException("order type " + order.type() + " is not paid this way");
        }
    }

    private void applyChange(Subscription s, String spec, int nodes, Instant at) {
        resources.reconfigure(s.resourceId(), spec, nodes, at);
        store.updateSubscription(with(s, spec, nodes, s.expiresAt(), s.status(), s.autoRenew(), s.convertToPayPerUse(),
                s.nextAttemptAt()));
        outbox.append("subscription:" + s.resourceId() + ":change:" + at.getEpochSecond(), "subscription.changed",
                s.customerId(), s.resourceId(), Map.of("specCode", spec, "nodes", nodes), at);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Order insert(Customer customer, OrderType type, String resourceId, String resourceType, String spec,
                         String region, int nodes, Term term, BigDecimal amount, Map<String, Object> details,
                         String key, String hash, boolean auto) {
        Order draft = new Order(0, customer.id(), type, OrderStatus.PENDING_PAYMENT, auto, resourceId, resourceType, spec,
                region, nodes, term == null ? null : term.unit().name(), term == null ? null : term.count(),
                customer.currency(), amount, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, null, null, details, clock.instant(), null, null);
        return store.lockOrder(keys.insert(draft, key, hash)).orElseThrow();
    }

    private Order ownOrder(String customerId, long orderId, boolean lock) {
        var order = lock ? store.lockOrder(orderId) : store.order(orderId);
        return order.filter(o -> o.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-order", "no order " + orderId));
    }

    private Resource ownResource(String customerId, String resourceId) {
        return resources.find(resourceId).filter(r -> r.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + resourceId));
    }

    /** A subscription that can be renewed: not released, not unsubscribed, not converted. */
    private Subscription renewable(String customerId, String resourceId) {
        Resource r = ownResource(customerId, resourceId);
        Subscription s = store.lockSubscription(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.unprocessable("not-prepaid", "resource " + resourceId
                        + " is pay-per-use: it has no term to renew"));
        if (r.state() == ResourceState.DELETED || s.status().equals("UNSUBSCRIBED")) {
            throw Failure.conflict("resource-released", "resource " + resourceId + " was released; it cannot be renewed");
        }
        if (s.status().equals("CONVERTED")) {
            throw Failure.conflict("not-prepaid", "resource " + resourceId + " became pay-per-use at expiry");
        }
        return s;
    }

    private Subscription activeSubscription(String customerId, String resourceId) {
        Subscription s = renewable(customerId, resourceId);
        if (!s.status().equals("ACTIVE")) {
            throw Failure.conflict("subscription-expired", "the term of " + resourceId + " expired; renew it first");
        }
        return s;
    }

    private ResourceType prepaidType(String code) {
        ResourceType type = catalog.resourceType(code);
        if (!type.prepaidAllowed()) {
            throw Failure.unprocessable("prepaid-not-allowed", code + " is pay-per-use only");
        }
        return type;
    }

    private static Term termOf(TermRequest r) {
        if (r == null) {
            throw Failure.invalid("invalid-term", "a term is required");
        }
        return r.term();
    }

    private static boolean capacity(ResourceType type) {
        return type.metering() == Metering.CAPACITY;
    }

    /** Nodes of a compute type, or the size in GB of a capacity type (a disk, a file share): one of the two. */
    private static int quantity(ResourceType type, Integer nodes, Integer sizeGb) {
        if (!capacity(type)) {
            if (sizeGb != null) {
                throw Failure.invalid("invalid-field", "sizeGb is for disks and file shares; " + type.code()
                        + " has nodes");
            }
            return nodes(nodes);
        }
        if (nodes != null) {
            throw Failure.invalid("invalid-field", type.code() + " is bought by size: give sizeGb, not nodes");
        }
        if (sizeGb == null || sizeGb < 1 || sizeGb > MAX_SIZE_GB) {
            throw Failure.invalid("quantity-out-of-range", "sizeGb must be between 1 and " + MAX_SIZE_GB);
        }
        return sizeGb;
    }

    private static int nodes(Integer nodes) {
        int n = nodes == null ? 1 : nodes;
        if (n < 1 || n > MAX_NODES) {
            throw Failure.invalid("quantity-out-of-range", "nodes must be between 1 and " + MAX_NODES);
        }
        return n;
    }

    private static void requireKey(String key) {
        Digests.requireIdempotencyKey(key);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-parameter", field + " " + value + " is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static Subscription with(Subscription s, String spec, int nodes, Instant expiresAt, String status, boolean autoRenew,
                             boolean convert, Instant nextAttempt) {
        return new Subscription(s.resourceId(), s.customerId(), s.resourceType(), spec, s.region(), nodes, s.currency(),
                s.termUnit(), s.termCount(), s.startedAt(), expiresAt, status, autoRenew, convert, nextAttempt);
    }

    static String hash(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (Object p : parts) {
            text.append(p).append('|');
        }
        return Digests.sha256(text.toString());
    }
}
