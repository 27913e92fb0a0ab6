package io.tollgate.subscription;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PackageOffer;
import io.tollgate.catalog.PackageOfferService;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.store.SubscriptionStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Buying a resource package from an offer: a prepaid order of type PACKAGE for the offer's price,
 * paid through the same payment step as every prepaid order (discount, at most one cash coupon,
 * cash, credit). An order the balance cannot pay waits in PENDING_PAYMENT and creates no package
 * until it is paid ({@link SubscriptionService#pay}) or cancelled. Once paid, the package is
 * created in metering, where usage and compute settlement draw it like a granted one; it cannot
 * be unsubscribed or refunded.
 */
@Service
public class PackageOrderService {
    /** A package may be bought to start at most this long after the purchase. */
    static final Duration MAX_DEFERRAL = Duration.ofDays(366);
    /** The region recorded on the order of an offer sold in every region, bought without one. */
    static final String ANY_REGION = "global";

    private final SubscriptionService subscriptions;
    private final OrderKeys keys;
    private final PackageOfferService offers;
    private final CustomerService customers;
    private final SubscriptionStore store;
    private final Clock clock;

    PackageOrderService(SubscriptionService subscriptions, OrderKeys keys, PackageOfferService offers,
                        CustomerService customers, SubscriptionStore store, Clock clock) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.offers = offers;
        this.customers = customers;
        this.store = store;
        this.clock = clock;
    }

    /** The offer to buy; {@code region} optional (checked against the offer's); {@code startsAt} optional, now or later. */
    public record PackagePurchase(String offerCode, String region, Instant startsAt) {
    }

    @Transactional
    public SubscriptionService.OrderResult buy(String customerId, PackagePurchase r, String idempotencyKey) {
        Digests.requireIdempotencyKey(idempotencyKey);
        Customer customer = customers.customer(customerId);
        if (r == null) {
            throw Failure.invalid("missing-field", "offerCode is required");
        }
        String hash = SubscriptionService.hash("PACKAGE", r.offerCode(), r.region(), r.startsAt());
        var replay = keys.replay(customerId, idempotencyKey, hash);
        if (replay != null) {
            return replay;
        }
        if (r.region() != null) {
            CatalogService.requireRegion(r.region());
        }
        Instant now = clock.instant();
        if (r.startsAt() != null && r.startsAt().isBefore(now)) {
            throw Failure.unprocessable("package-starts-in-past", "a package starts now or later, not at "
                    + r.startsAt() + " (now " + now + ")");
        }
        if (r.startsAt() != null && r.startsAt().isAfter(now.plus(MAX_DEFERRAL))) {
            throw Failure.invalid("invalid-start", "a package starts at most " + MAX_DEFERRAL.toDays()
                    + " days after its purchase");
        }
        PackageOffer offer = offers.forSale(r.offerCode(), customer.currency(), r.region(), now);
        String region = offer.sale().region() != null ? offer.sale().region()
                : r.region() != null ? r.region() : ANY_REGION;
        Order draft = new Order(0, customerId, OrderType.PACKAGE, OrderStatus.PENDING_PAYMENT, false,
                "pkg-" + UUID.randomUUID(), offer.quota().serviceType() + ".package", offer.quota().covers(), region,
                1, "MONTH", offer.validityMonths(), customer.currency(), offer.sale().price(), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, null, details(offer, r),
                now, null, null);
        Order order = store.lockOrder(keys.insert(draft, idempotencyKey, hash)).orElseThrow();
        return new SubscriptionService.OrderResult(subscriptions.payAndExecute(order, now), false);
    }

    /** What the order records of the offer as sold: the package is delivered from this, never from a later read. */
    private static Map<String, Object> details(PackageOffer offer, PackagePurchase r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("offerCode", offer.code());
        d.put("offerName", offer.name());
        d.put("covers", offer.quota().covers());
        d.put("coverKind", offer.quota().coverKind().name());
        d.put("serviceType", offer.quota().serviceType());
        d.put("quantity", offer.quota().quantity().toPlainString());
        d.put("period", offer.quota().period().name());
        d.put("validityMonths", offer.validityMonths());
        d.put("startsAt", r.startsAt() == null ? null : r.startsAt().toString());
        return d;
    }
}
