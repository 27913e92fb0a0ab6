package io.tollgate.catalog;

import io.tollgate.catalog.store.PackageOfferStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's catalog of package offers: created once under a code (the same code and content
 * again is a replay, other content refused), listed, withdrawn. An offer is never rewritten, so a
 * package sold from it always reads as it was sold; to sell something else, withdraw it and
 * create a new offer. Customers see the offers on sale and buy them through subscription orders.
 */
@Service
public class PackageOfferService {
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    /** A package lasts at most three years, as a granted one does. */
    public static final int MAX_VALIDITY_MONTHS = 36;

    private final PackageOfferStore store;
    private final MeterService meters;
    private final CatalogService catalog;
    private final Clock clock;

    public PackageOfferService(PackageOfferStore store, MeterService meters, CatalogService catalog, Clock clock) {
        this.store = store;
        this.meters = meters;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * A new offer as sent: amounts as decimal strings; {@code region} optional (every region);
     * {@code sellableFrom} defaults to now, {@code sellableUntil} to no end.
     */
    public record OfferDraft(String code, String name, String covers, String quantity, PackageOffer.Period period,
                             Integer validityMonths, String price, String currency, String region, Instant sellableFrom,
                             Instant sellableUntil) {
    }

    /** An offer created now, or the same create replayed. */
    public record Created(PackageOffer offer, boolean replay) {
    }

    @Transactional
    public Created create(OfferDraft d) {
        CatalogService.requireCode("code", d.code());
        if (d.covers() == null || d.period() == null || d.validityMonths() == null) {
            throw Failure.invalid("missing-field", "covers, quantity, period, validityMonths, price and currency are "
                    + "required");
        }
        BigDecimal quantity = Amounts.parse("quantity", d.quantity(), Amounts.USAGE_SCALE, MAX_QUANTITY);
        if (quantity.signum() <= 0) {
            throw Failure.invalid("invalid-quantity", "quantity must be above zero");
        }
        BigDecimal price = Amounts.parse("price", d.price(), Amounts.CENT_SCALE, MAX_PRICE);
        if (price.signum() <= 0) {
            throw Failure.invalid("invalid-price", "price must be above zero, at most at the cent");
        }
        if (d.validityMonths() < 1 || d.validityMonths() > MAX_VALIDITY_MONTHS) {
            throw Failure.invalid("invalid-validity", "validityMonths is 1 to " + MAX_VALIDITY_MONTHS);
        }
        CatalogService.requireCurrency(d.currency());
        if (d.region() != null) {
            CatalogService.requireRegion(d.region());
        }
        Text.name("name", d.name());
        Instant now = clock.instant();
        Instant from = d.sellableFrom() == null ? now : d.sellableFrom();
        if (d.sellableUntil() != null && !d.sellableUntil().isAfter(from)) {
            throw Failure.invalid("invalid-sale-period", "sellableUntil must be after sellableFrom");
        }
        String name = d.name() == null || d.name().isBlank() ? d.code() : d.name().strip();
        // The request as sent (sellableFrom may be absent): a retry of it is a replay, whenever it comes.
        String hash = Digests.sha256(String.join("|", d.code(), name, d.covers(), quantity.stripTrailingZeros()
                .toPlainString(), d.period().name(), d.validityMonths().toString(), price.toPlainString(), d.currency(),
                String.valueOf(d.region()), String.valueOf(d.sellableFrom()), String.valueOf(d.sellableUntil())));
        var existing = store.find(d.code());
        if (existing.isPresent()) {
            return replay(existing.get(), hash);
        }
        PackageOffer offer = new PackageOffer(d.code(), name, quota(d.covers(), quantity, d.period()),
                d.validityMonths(), new PackageOffer.Sale(price, d.currency(), d.region(), from, d.sellableUntil()),
                PackageOffer.Status.ON_SALE, now, null);
        if (!store.insert(offer, hash)) {
            return replay(store.find(d.code()).orElseThrow(), hash);
        }
        return new Created(offer, false);
    }

    private static Created replay(PackageOfferStore.Stored stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
            throw Failure.conflict("offer-code-reused", "offer " + stored.offer().code() + " exists with other "
                    + "content; an offer is never changed: withdraw it and create a new one");
        }
        return new Created(stored.offer(), true);
    }

    private PackageOffer.Quota quota(String covers, BigDecimal quantity, PackageOffer.Period period) {
        Coverage c = coverage(covers);
        return new PackageOffer.Quota(covers, c.kind(), c.serviceType(), quantity, period);
    }

    /** What a package of a code covers, and the service type it belongs to. */
    public record Coverage(PackageOffer.CoverKind kind, String serviceType) {
    }

    /**
     * What a package (granted or sold) may cover: a usage meter (quantity in its price units) or
     * the compute hours of a spec (node-hours of any pay-per-use resource of that spec); anything
     * else is refused ({@code unknown-meter}).
     */
    public Coverage coverage(String code) {
        var meter = meters.meters().stream().filter(m -> m.code().equals(code)).findFirst();
        if (meter.isPresent()) {
            return new Coverage(PackageOffer.CoverKind.METER,
                    catalog.resourceType(meter.get().resourceType()).serviceType());
        }
        try {
            Spec spec = catalog.spec(code);
            if (spec.kind() == SpecKind.COMPUTE) {
                return new Coverage(PackageOffer.CoverKind.COMPUTE_SPEC, spec.serviceType());
            }
        } catch (Failure f) {
            // neither a meter nor a spec
        }
        throw Failure.unprocessable("unknown-meter", "no meter or compute spec " + code + " for a package to cover");
    }

    /** Withdraws the offer now (a withdrawn offer is answered as it is); packages sold from it are unaffected. */
    @Transactional
    public PackageOffer withdraw(String code) {
        offer(code);
        store.withdraw(code, clock.instant());
        return offer(code);
    }

    public PackageOffer offer(String code) {
        return store.find(code).map(PackageOfferStore.Stored::offer)
                .orElseThrow(() -> Failure.notFound("unknown-offer", "no package offer " + code));
    }

    /** Offers by code after the cursor, optionally of one status (operator). */
    public List<PackageOffer> page(PackageOffer.Status status, String afterCode, int limit) {
        return store.page(status, afterCode == null ? "" : afterCode, limit);
    }

    /** Offers a customer may buy now, by code after the cursor. */
    public List<PackageOffer> onSale(String afterCode, int limit) {
        return store.onSale(clock.instant(), afterCode == null ? "" : afterCode, limit);
    }

    /**
     * The offer a customer of {@code currency} may buy at {@code at} in {@code region} (null: any):
     * refused when unknown (404), withdrawn, not (or no longer) on sale, of another currency or of
     * another region (422).
     */
    public PackageOffer forSale(String code, String currency, String region, Instant at) {
        if (code == null) {
            throw Failure.invalid("missing-field", "offerCode is required");
        }
        PackageOffer offer = offer(code);
        if (offer.status() == PackageOffer.Status.WITHDRAWN) {
            throw Failure.unprocessable("offer-withdrawn", "package offer " + code + " was withdrawn");
        }
        if (!offer.sellableAt(at)) {
            throw Failure.unprocessable("offer-not-on-sale", "package offer " + code + " is sold from "
                    + offer.sale().sellableFrom() + (offer.sale().sellableUntil() == null ? ""
                    : " until " + offer.sale().sellableUntil()));
        }
        if (!offer.sale().currency().equals(currency)) {
            throw Failure.unprocessable("offer-currency-mismatch", "package offer " + code + " is priced in "
                    + offer.sale().currency() + ", the customer pays in " + currency);
        }
        if (region != null && offer.sale().region() != null && !offer.sale().region().equals(region)) {
            throw Failure.unprocessable("offer-not-for-region", "package offer " + code + " is sold in "
                    + offer.sale().region() + ", not in " + region);
        }
        return offer;
    }
}
