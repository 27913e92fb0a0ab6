package io.tollgate.promotion;

import io.tollgate.catalog.CatalogService;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.promotion.core.Coupon;
import io.tollgate.promotion.core.CouponChoice;
import io.tollgate.promotion.core.Discount;
import io.tollgate.promotion.core.Discounts;
import io.tollgate.promotion.core.Eligibility;
import io.tollgate.promotion.core.Purchase;
import io.tollgate.promotion.store.PromotionStore;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What promotions take off and pay in the money paths: the discount and the cash coupon of a
 * prepaid order, the discount of pay-per-use lines and the cash coupons that may pay them. The
 * operator side (issuing, listing, revoking, discounts) is in {@link PromotionAdmin}.
 */
@Service
public class PromotionService {
    private final PromotionStore store;
    private final LedgerService ledger;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final Clock clock;

    public PromotionService(PromotionStore store, LedgerService ledger, CatalogService catalog,
                            CustomerService customers, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.catalog = catalog;
        this.customers = customers;
        this.clock = clock;
    }

    /** A prepaid order to price: its resource type, region, order type and list amount (cents) at a time. */
    /** A prepaid order to price; {@code serviceType} null means the resource type's (a package has no catalog type). */
    public record OrderQuery(String customerId, String currency, String serviceType, String resourceType, String region,
                             String orderType, BigDecimal listAmount, Instant at) {
    }

    /**
     * How promotions pay an order: the one discount (from the commercial discount or from the
     * discount coupon {@code discountCouponId}, never both) and the one cash coupon (or null).
     */
    public record OrderPricing(BigDecimal discount, Long discountId, String discountCouponId, String cashCouponId) {
    }

    /** A pay-per-use fee line, as far as promotions look at it: whose, what, where, which hour. */
    public record FeeLineRef(String customerId, String resourceType, String region, Instant hour) {
    }

    /**
     * The discount and cash coupon of a prepaid order: the better of the commercial discount and
     * the best eligible discount coupon, then the cash coupon named ({@code couponId}; refused with
     * its reason when it cannot pay this order) or else the eligible one paying most of what is due,
     * ties by earliest expiry. Locks the coupon rows it uses (before any ledger account).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public OrderPricing priceOrder(OrderQuery q, String couponId) {
        String service = q.serviceType() != null ? q.serviceType() : serviceType(q.resourceType());
        Purchase p = new Purchase(service, q.resourceType(), Purchase.PREPAID, q.orderType(),
                q.region(), q.listAmount(), q.at());
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        Optional<Discount> commercial = Discounts.best(store.discounts(List.of(q.customerId())), p.serviceType(),
                Purchase.PREPAID, q.at());
        BigDecimal discount = commercial.map(d -> Discounts.amountOff(q.listAmount(), d.percent(), 2)).orElse(zero);
        Long discountId = commercial.map(Discount::id).orElse(null);
        String discountCoupon = null;
        List<Coupon> valid = store.validCoupons(q.customerId(), q.at()).stream()
                .filter(c -> c.currency().equals(q.currency())).toList();
        for (Coupon c : valid) {
            if (c.kind() == Coupon.Kind.DISCOUNT && Eligibility.eligible(c, BigDecimal.ZERO, p)) {
                BigDecimal off = Discounts.couponAmountOff(q.listAmount(), c.rate(), c.cap());
                // Strictly better only: on a tie the commercial discount is used and the coupon kept.
                if (off.compareTo(discount) > 0) {
                    discount = off;
                    discountCoupon = c.id();
                    discountId = null;
                }
            }
        }
        if (discountCoupon != null) {
            store.lockCoupon(discountCoupon);
        }
        BigDecimal due = q.listAmount().subtract(discount);
        String cash = couponId != null ? namedCashCoupon(q, p, couponId) : bestCashCoupon(valid, p, due);
        return new OrderPricing(discount, discountId, discountCoupon, cash);
    }

    private String namedCashCoupon(OrderQuery q, Purchase p, String couponId) {
        Coupon c = store.lockCoupon(couponId).filter(x -> x.customerId().equals(q.customerId()))
                .orElseThrow(() -> Failure.unprocessable("unknown-coupon", "no coupon " + couponId));
        if (c.kind() != Coupon.Kind.CASH) {
            throw Failure.unprocessable("coupon-not-eligible", "restriction kind: coupon " + couponId
                    + " is a discount coupon; the better discount applies by itself");
        }
        if (!c.currency().equals(q.currency())) {
            throw Failure.unprocessable("coupon-not-eligible", "restriction currency: coupon " + couponId + " is in "
                    + c.currency());
        }
        BigDecimal left = ledger.couponBalances(c.currency(), List.of(c.id())).get(c.id());
        Eligibility.check(c, left, p).ifPresent(r -> {
            throw Failure.unprocessable(r.code(), r.restriction() == null ? "coupon " + couponId + ": " + r.code()
                    : "restriction " + r.restriction() + ": coupon " + couponId + " cannot pay this order");
        });
        return c.id();
    }

    private String bestCashCoupon(List<Coupon> valid, Purchase p, BigDecimal due) {
        List<Coupon> cash = valid.stream().filter(c -> c.kind() == Coupon.Kind.CASH).toList();
        if (cash.isEmpty() || due.signum() <= 0) {
            return null;
        }
        Map<String, BigDecimal> left = ledger.couponBalances(cash.get(0).currency(),
                cash.stream().map(Coupon::id).toList());
        List<Coupon> eligible = cash.stream().filter(c -> Eligibility.eligible(c, left.get(c.id()), p)).toList();
        Optional<Coupon> best = CouponChoice.bestCash(eligible, left, due);
        best.ifPresent(c -> store.lockCoupon(c.id()));
        return best.map(Coupon::id).orElse(null);
    }

    /** Records what a paid order used: its discount coupon is used up (a cash coupon's use is its posting). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordOrderUse(OrderPricing pricing, long orderId) {
        if (pricing.discountCouponId() != null) {
            store.markUsed(pricing.discountCouponId(), orderId);
        }
    }

    /**
     * Per line, the percentage of the best commercial discount in force at its hour for its service
     * type and PAY_PER_USE (zero when none).
     */
    public List<BigDecimal> payPerUseDiscounts(List<FeeLineRef> lines) {
        Map<String, List<Discount>> byCustomer = store.discounts(lines.stream().map(FeeLineRef::customerId)
                .distinct().toList()).stream().collect(Collectors.groupingBy(Discount::customerId));
        List<BigDecimal> percents = new ArrayList<>();
        Map<String, String> services = new HashMap<>();
        for (FeeLineRef l : lines) {
            List<Discount> ds = byCustomer.getOrDefault(l.customerId(), List.of());
            percents.add(ds.isEmpty() ? BigDecimal.ZERO : Discounts.best(ds,
                    services.computeIfAbsent(l.resourceType(), this::serviceType),
                    Purchase.PAY_PER_USE, l.hour()).map(Discount::percent).orElse(BigDecimal.ZERO));
        }
        return percents;
    }

    /**
     * Per line, the cash coupons that may pay it, earliest expiry first: the customer's coupons
     * valid at the line's hour, with value left, whose restrictions allow the line (service type,
     * resource type, region, billing mode PAY_PER_USE; a coupon limited to order types pays orders only).
     */
    public List<List<String>> payingCoupons(List<FeeLineRef> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        Instant from = lines.stream().map(FeeLineRef::hour).min(Instant::compareTo).orElseThrow();
        Instant to = lines.stream().map(FeeLineRef::hour).max(Instant::compareTo).orElseThrow().plusSeconds(1);
        List<Coupon> coupons = store.cashCoupons(lines.stream().map(FeeLineRef::customerId).distinct().toList(), from, to);
        Map<String, BigDecimal> left = new HashMap<>();
        coupons.stream().collect(Collectors.groupingBy(Coupon::currency)).forEach((currency, cs) ->
                left.putAll(ledger.couponBalances(currency, cs.stream().map(Coupon::id).toList())));
        Map<String, List<Coupon>> byCustomer = coupons.stream().filter(c -> left.get(c.id()).signum() > 0)
                .sorted(CouponChoice.EARLIEST_EXPIRY).collect(Collectors.groupingBy(Coupon::customerId));
        List<List<String>> paying = new ArrayList<>();
        Map<String, String> services = new HashMap<>();
        for (FeeLineRef l : lines) {
            if (!byCustomer.containsKey(l.customerId())) {
                paying.add(List.of());
                continue;
            }
            Purchase p = new Purchase(services.computeIfAbsent(l.resourceType(), this::serviceType), l.resourceType(), Purchase.PAY_PER_USE, null,
                    l.region(), null, l.hour());
            paying.add(byCustomer.getOrDefault(l.customerId(), List.of()).stream()
                    .filter(c -> Eligibility.eligible(c, left.get(c.id()), p)).map(Coupon::id).toList());
        }
        return paying;
    }

    /** What a customer's usable cash coupons hold at {@code at}. */
    BigDecimal usableCouponValue(String customerId, Instant at) {
        Customer customer = customers.customer(customerId);
        List<String> ids = store.validCoupons(customerId, at).stream().filter(c -> c.kind() == Coupon.Kind.CASH)
                .filter(c -> c.currency().equals(customer.currency())).map(Coupon::id).toList();
        return ledger.couponBalances(customer.currency(), ids).values().stream()
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private String serviceType(String resourceType) {
        return catalog.resourceType(resourceType).serviceType();
    }

    Instant now() {
        return clock.instant();
    }
}
