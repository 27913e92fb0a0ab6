package io.tollgate.promotion;

import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.promotion.core.Coupon;
import io.tollgate.promotion.core.Discount;
import io.tollgate.promotion.core.Restrictions;
import io.tollgate.promotion.core.Validity;
import io.tollgate.promotion.store.PromotionStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's side of promotions: commercial discounts (create, list, end) and coupons (issue to
 * one customer or a campaign, list, revoke unused), and a customer's list of its coupons.
 */
@Service
public class PromotionAdmin {
    static final int MAX_CAMPAIGN_CUSTOMERS = 1000;
    static final int MAX_LIST = 500;
    private static final BigDecimal MAX_FACE_VALUE = new BigDecimal("100000000");
    private static final Set<String> MODES = Set.of("PAY_PER_USE", "PREPAID");
    private static final Set<String> ORDER_TYPES = Set.of("NEW", "RENEWAL", "CHANGE", "MODE_CHANGE");

    private final PromotionStore store;
    private final LedgerService ledger;
    private final CustomerService customers;
    private final BalanceAlerts alerts;
    private final Clock clock;

    public PromotionAdmin(PromotionStore store, LedgerService ledger, CustomerService customers, BalanceAlerts alerts,
                          Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.customers = customers;
        this.alerts = alerts;
        this.clock = clock;
    }

    // ---- discounts ----------------------------------------------------------------------------------------

    /** percent e.g. "15" (15% off); serviceType and billingMode (PAY_PER_USE, PREPAID) optional; validTo optional. */
    public record DiscountRequest(String percent, String serviceType, String billingMode, Instant validFrom,
                                  Instant validTo) {
    }

    @Transactional
    public Discount createDiscount(String customerId, DiscountRequest r) {
        customers.customer(customerId);
        BigDecimal percent = Amounts.parse("percent", r.percent(), 2, new BigDecimal("100"));
        if (percent.signum() <= 0) {
            throw Failure.invalid("invalid-percent", "a discount is more than 0 and less than 100 percent");
        }
        if (r.billingMode() != null && !MODES.contains(r.billingMode())) {
            throw Failure.invalid("invalid-billing-mode", "billingMode is PAY_PER_USE or PREPAID");
        }
        Instant now = clock.instant();
        Instant from = r.validFrom() == null ? now : r.validFrom();
        if (r.validTo() != null && !r.validTo().isAfter(from)) {
            throw Failure.invalid("invalid-validity", "validTo must be after validFrom");
        }
        Discount d = new Discount(0, customerId, percent, r.serviceType(), r.billingMode(), from, r.validTo());
        long id = store.insertDiscount(d, now);
        return new Discount(id, customerId, percent, r.serviceType(), r.billingMode(), from, r.validTo());
    }

    public List<Discount> discounts(String customerId) {
        customers.customer(customerId);
        return store.discounts(List.of(customerId));
    }

    /** Ends a discount now (it stays in force for what happened before); one already ended is returned as it is. */
    @Transactional
    public Discount endDiscount(String customerId, long id) {
        Discount d = store.lockDiscount(id).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-discount", "no discount " + id));
        Instant now = clock.instant();
        if (d.validTo() != null && !d.validTo().isAfter(now)) {
            return d;
        }
        Instant end = now.isAfter(d.validFrom()) ? now : d.validFrom().plusNanos(1000);
        store.endDiscount(id, end);
        return store.lockDiscount(id).orElseThrow();
    }

    // ---- coupons ------------------------------------------------------------------------------------------

    /**
     * Coupons to issue: to one customer, or to each of a set (a campaign, one coupon per customer).
     * A CASH coupon has a faceValue; a DISCOUNT coupon a rate (0.85 = 15% off) and an optional cap.
     * Valid from {@code validFrom} (default: now) to the end of {@code lastDay} in the billing zone.
     */
    public record IssueRequest(List<String> customerIds, String kind, String faceValue, String rate, String cap,
                               Instant validFrom, String lastDay, List<String> serviceTypes,
                               List<String> resourceTypes, List<String> billingModes, List<String> orderTypes,
                               List<String> regions, String minAmount) {
    }

    /** What an issue gave: the campaign (null for one customer), its coupons, and whether it is a replay. */
    public record Issued(String campaignId, List<CouponState> coupons, boolean replay) {
    }

    /** A coupon with its remaining value and status now. */
    public record CouponState(Coupon coupon, BigDecimal remaining, Coupon.Status status) {
    }

    @Transactional
    public Issued issue(IssueRequest r, String idempotencyKey) {
        Digests.requireIdempotencyKey(idempotencyKey);
        Instant now = clock.instant();
        List<String> targets = r.customerIds() == null ? List.of()
                : new ArrayList<>(new LinkedHashSet<>(r.customerIds().stream().filter(java.util.Objects::nonNull)
                .toList()));
        if (targets.isEmpty() || targets.size() > MAX_CAMPAIGN_CUSTOMERS) {
            throw Failure.invalid("invalid-customers", "customerIds lists 1 to " + MAX_CAMPAIGN_CUSTOMERS + " customers");
        }
        Coupon.Kind kind = kind(r.kind());
        BigDecimal face = kind == Coupon.Kind.CASH ? Amounts.parse("faceValue", r.faceValue(), 2, MAX_FACE_VALUE) : null;
        BigDecimal rate = kind == Coupon.Kind.DISCOUNT ? Amounts.parse("rate", r.rate(), 4, BigDecimal.ONE) : null;
        BigDecimal cap = r.cap() == null || kind == Coupon.Kind.CASH ? null
                : Amounts.parse("cap", r.cap(), 2, MAX_FACE_VALUE);
        if ((face != null && face.signum() <= 0) || (rate != null && rate.signum() <= 0)
                || (cap != null && cap.signum() <= 0)) {
            throw Failure.invalid("non-positive-amount", "faceValue, rate and cap are positive");
        }
        if (kind == Coupon.Kind.CASH && (r.rate() != null || r.cap() != null)) {
            throw Failure.invalid("invalid-coupon", "a cash coupon has a faceValue, no rate or cap");
        }
        if (kind == Coupon.Kind.DISCOUNT && r.faceValue() != null) {
            throw Failure.invalid("invalid-coupon", "a discount coupon has a rate (and a cap), no faceValue");
        }
        Instant from = r.validFrom() == null ? now : r.validFrom();
        Instant until = Validity.until(lastDay(r.lastDay()), clock.getZone());
        if (!until.isAfter(from)) {
            throw Failure.invalid("invalid-validity", "the last day must not end before validFrom");
        }
        Restrictions restrictions = new Restrictions(set(r.serviceTypes()), set(r.resourceTypes()),
                allowed("billingModes", r.billingModes(), MODES), allowed("orderTypes", r.orderTypes(), ORDER_TYPES),
                set(r.regions()), r.minAmount() == null ? null
                : Amounts.parse("minAmount", r.minAmount(), 2, MAX_FACE_VALUE));
        String hash = Digests.sha256(String.join("|", targets.toString(), kind.name(), String.valueOf(face),
                String.valueOf(rate), String.valueOf(cap), String.valueOf(r.validFrom()), r.lastDay(),
                canonical(restrictions)));
        var previous = store.claimIssueKey(idempotencyKey, hash, now);
        if (previous.isPresent()) {
            if (!previous.get().requestHash().equals(hash)) {
                throw Failure.conflict("idempotency-key-reused", "Idempotency-Key " + idempotencyKey
                        + " was used for another request");
            }
            return new Issued(previous.get().campaignId(), previous.get().couponIds().stream()
                    .map(id -> state(store.coupon(id).orElseThrow(), now)).toList(), true);
        }
        String campaign = targets.size() > 1 ? "cmp-" + UUID.randomUUID().toString().substring(0, 13) : null;
        List<String> ids = new ArrayList<>();
        for (String customerId : targets) {
            Customer customer = customers.customer(customerId);
            Coupon c = new Coupon("cpn-" + UUID.randomUUID(), customerId, campaign, kind, customer.currency(), face,
                    rate, cap, from, until, restrictions, null, null, now);
            store.insertCoupon(c);
            if (kind == Coupon.Kind.CASH) {
                ledger.issueCoupon(customerId, c.id(), c.currency(), face, now);
            }
            ids.add(c.id());
        }
        store.saveIssued(idempotencyKey, ids, campaign);
        // A coupon adds to the available balance: an alert below its threshold may be back above it.
        alerts.check(targets, now);
        return new Issued(campaign, ids.stream().map(id -> state(store.coupon(id).orElseThrow(), now)).toList(), false);
    }

    /** A customer's coupons, earliest expiry first, with their remaining values and statuses. */
    public List<CouponState> coupons(String customerId) {
        customers.customer(customerId);
        Instant now = clock.instant();
        return states(store.coupons(customerId, MAX_LIST), now);
    }

    public List<CouponState> campaign(String campaignId) {
        List<Coupon> coupons = store.campaign(campaignId);
        if (coupons.isEmpty()) {
            throw Failure.notFound("unknown-campaign", "no campaign " + campaignId);
        }
        return states(coupons, clock.instant());
    }

    public CouponState coupon(String couponId) {
        return state(store.coupon(couponId).orElseThrow(() -> Failure.notFound("unknown-coupon", "no coupon "
                + couponId)), clock.instant());
    }

    /** Revokes a coupon nothing has used yet: a cash coupon's face value goes back to PROMOTION. */
    @Transactional
    public CouponState revoke(String couponId) {
        Coupon c = store.lockCoupon(couponId)
                .orElseThrow(() -> Failure.notFound("unknown-coupon", "no coupon " + couponId));
        Instant now = clock.instant();
        if (c.revokedAt() != null) {
            return state(c, now);
        }
        BigDecimal left = remaining(c);
        boolean used = c.kind() == Coupon.Kind.CASH ? left.compareTo(c.faceValue()) != 0 : c.usedOrderId() != null;
        if (used) {
            throw Failure.conflict("coupon-in-use", "coupon " + couponId + " was used already; only unused coupons "
                    + "are revoked");
        }
        if (c.kind() == Coupon.Kind.CASH) {
            ledger.revokeCoupon(c.customerId(), c.id(), c.currency(), now);
        }
        store.markRevoked(couponId, now);
        alerts.check(List.of(c.customerId()), now);
        return state(store.coupon(couponId).orElseThrow(), now);
    }

    private List<CouponState> states(List<Coupon> coupons, Instant now) {
        Map<String, BigDecimal> left = new java.util.HashMap<>();
        coupons.stream().filter(c -> c.kind() == Coupon.Kind.CASH)
                .collect(java.util.stream.Collectors.groupingBy(Coupon::currency))
                .forEach((currency, cs) -> left.putAll(ledger.couponBalances(currency,
                        cs.stream().map(Coupon::id).toList())));
        return coupons.stream().map(c -> {
            BigDecimal remaining = c.kind() == Coupon.Kind.CASH ? left.get(c.id()) : BigDecimal.ZERO;
            return new CouponState(c, remaining, c.status(remaining, now));
        }).toList();
    }

    private CouponState state(Coupon c, Instant now) {
        return states(List.of(c), now).get(0);
    }

    private BigDecimal remaining(Coupon c) {
        return c.kind() == Coupon.Kind.CASH ? ledger.couponBalances(c.currency(), List.of(c.id())).get(c.id())
                : BigDecimal.ZERO;
    }

    private static Coupon.Kind kind(String text) {
        try {
            return Coupon.Kind.valueOf(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-coupon-kind", "kind is CASH or DISCOUNT");
        }
    }

    private static LocalDate lastDay(String text) {
        if (text == null) {
            throw Failure.invalid("missing-field", "lastDay is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Failure.invalid("invalid-date", "lastDay is a date, YYYY-MM-DD: " + text);
        }
    }

    /** The restrictions as text in a fixed order, for the request hash. */
    private static String canonical(Restrictions r) {
        return String.join("|", new java.util.TreeSet<>(r.serviceTypes()).toString(),
                new java.util.TreeSet<>(r.resourceTypes()).toString(), new java.util.TreeSet<>(r.billingModes()).toString(),
                new java.util.TreeSet<>(r.orderTypes()).toString(), new java.util.TreeSet<>(r.regions()).toString(),
                String.valueOf(r.minAmount()));
    }

    private static Set<String> set(List<String> values) {
        if (values != null && values.size() > 100) {
            throw Failure.invalid("too-many-values", "a restriction lists at most 100 values");
        }
        return values == null ? Set.of() : Set.copyOf(values.stream().filter(java.util.Objects::nonNull).toList());
    }

    private static Set<String> allowed(String field, List<String> values, Set<String> allowed) {
        Set<String> s = set(values);
        for (String v : s) {
            if (!allowed.contains(v)) {
                throw Failure.invalid("invalid-restriction", field + " lists only " + new java.util.TreeSet<>(allowed)
                        + ": " + v);
            }
        }
        return s;
    }
}
