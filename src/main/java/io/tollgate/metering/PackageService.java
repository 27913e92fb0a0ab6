package io.tollgate.metering;

import io.tollgate.catalog.PackageOfferService;
import io.tollgate.customer.CustomerService;
import io.tollgate.metering.core.Packages;
import io.tollgate.metering.store.PackageStore;
import io.tollgate.metering.store.PackageStore.PeriodKey;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resource packages: the operator grants them (a package bought elsewhere, or given), or a paid
 * package order creates them ({@link #sell}); customers and the operator list them with what is left. They are consumed by {@link PackageLedger} as
 * usage is rated. A grant names its package id: the same id with the same content is answered
 * with the package again, with other content refused.
 */
@Service
public class PackageService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final BigDecimal MAX_QUOTA = new BigDecimal("1000000000000");
    /** A package lasts at most three years (and a day for time zones). */
    static final Duration MAX_VALIDITY = Duration.ofDays(3 * 366 + 1);
    /** At most this many unexpired packages per customer and meter. */
    static final int MAX_UNEXPIRED = 100;

    private final PackageStore store;
    private final PackageOfferService offers;
    private final CustomerService customers;
    private final Clock clock;

    public PackageService(PackageStore store, PackageOfferService offers, CustomerService customers, Clock clock) {
        this.store = store;
        this.offers = offers;
        this.customers = customers;
        this.clock = clock;
    }

    /** A grant request: quota in the meter's price units as a decimal string; startsAt defaults to now. */
    public record Grant(String packageId, String meter, String name, String quota, ResourcePackage.Period period,
                        Instant startsAt, Instant expiresAt) {
    }

    /** A package granted now, or the same grant replayed. */
    public record Granted(PackageBalance balance, boolean replay) {
    }

    /**
     * A package as it stands at {@code at}: NOT_YET_VALID, ACTIVE, USED_UP or EXPIRED; for a
     * package that has started, the period holding {@code at} (the last one once expired) with what
     * it gave and what is left of it (nothing once expired); and what all its periods gave.
     */
    public record PackageBalance(ResourcePackage pkg, Packages.Status status, Instant periodStart, Instant periodEnd,
                                 BigDecimal consumed, BigDecimal remaining, BigDecimal consumedTotal) {
    }

    /**
     * A package sold from an offer and paid by a subscription order: its id (the order's
     * resource id), what it covers, the quantity and period, and its validity of {@code months}
     * months from {@code startsAt} (null or past: now).
     */
    public record Sale(String packageId, String covers, String name, BigDecimal quantity, ResourcePackage.Period period,
                       Instant startsAt, int months, ResourcePackage.Origin origin) {
    }

    /**
     * Creates the package of a paid package order: the same rows a grant writes, so usage rating
     * and settlement draw from it as from any package. The order id makes it idempotent.
     */
    @Transactional
    public ResourcePackage sell(String customerId, Sale s) {
        Instant now = clock.instant();
        Instant startsAt = s.startsAt() == null || s.startsAt().isBefore(now) ? now : s.startsAt();
        ResourcePackage p = new ResourcePackage(s.packageId(), customerId, s.covers(), s.name(), s.quantity(),
                s.period(), startsAt, Packages.validUntil(startsAt, s.months(), clock.getZone()), now, s.origin());
        requireValidity(p, now);
        requireCoverable(s.covers());
        requireRoom(customerId, s.covers(), now);
        if (!store.insert(p, Digests.sha256("order:" + s.origin().orderId()))) {
            throw new IllegalStateException("package " + s.packageId() + " of order " + s.origin().orderId()
                    + " exists already: an order is carried out once");
        }
        return p;
    }

    private void requireRoom(String customerId, String meter, Instant now) {
        if (store.countUnexpired(customerId, meter, now) >= MAX_UNEXPIRED) {
            throw Failure.unprocessable("too-many-packages", "a customer holds at most " + MAX_UNEXPIRED
                    + " unexpired packages of one meter");
        }
    }

    @Transactional
    public Granted grant(String customerId, Grant g) {
        customers.customer(customerId);
        if (g.packageId() == null || !ID.matcher(g.packageId()).matches()) {
            throw Failure.invalid("invalid-package-id", "packageId must be 1-128 letters, digits or ._:/-");
        }
        if (g.meter() == null || g.period() == null || g.expiresAt() == null) {
            throw Failure.invalid("missing-field", "meter, quota, period and expiresAt are required");
        }
        BigDecimal quota = Amounts.parse("quota", g.quota(), Amounts.USAGE_SCALE, MAX_QUOTA);
        if (quota.signum() <= 0) {
            throw Failure.invalid("invalid-quota", "quota must be above zero");
        }
        Instant now = clock.instant();
        Instant startsAt = g.startsAt() == null ? now : g.startsAt();
        Text.name("name", g.name());
        String name = g.name() == null || g.name().isBlank() ? g.meter() + " " + quota.stripTrailingZeros()
                .toPlainString() + " " + g.period() : g.name().strip();
        ResourcePackage p = new ResourcePackage(g.packageId(), customerId, g.meter(), name, quota, g.period(), startsAt,
                g.expiresAt(), now);
        // The request as sent (startsAt may be absent): a retry of it is a replay, whenever it comes.
        String hash = Digests.sha256(String.join("|", customerId, g.packageId(), g.meter(), name,
                quota.stripTrailingZeros().toPlainString(), g.period().name(), String.valueOf(g.startsAt()),
                g.expiresAt().toString()));
        var existing = store.find(g.packageId());
        if (existing.isPresent()) {
            return replay(existing.get(), hash, now);
        }
        requireValidity(p, now);
        requireCoverable(g.meter());
        requireRoom(customerId, g.meter(), now);
        if (!store.insert(p, hash)) {
            // Granted concurrently under the same id: answer as a replay, or refuse other content.
            return replay(store.find(g.packageId()).orElseThrow(), hash, now);
        }
        return new Granted(balance(p, Map.of(), now), false);
    }

    /** A package covers a usage meter or the compute hours of a spec, as the catalog says. */
    private void requireCoverable(String code) {
        offers.coverage(code);
    }

    private Granted replay(PackageStore.Stored stored, String hash, Instant now) {
        if (!stored.requestHash().equals(hash)) {
            throw Failure.conflict("package-id-reused", "package " + stored.pkg().id()
                    + " was granted with other content");
        }
        ResourcePackage p = stored.pkg();
        return new Granted(balance(p, store.consumed(List.of(p.id())), now), true);
    }

    private static void requireValidity(ResourcePackage p, Instant now) {
        if (p.startsAt().isBefore(now)) {
            throw Failure.unprocessable("package-starts-in-past", "a package starts now or later, not at "
                    + p.startsAt() + " (now " + now + "): usage already rated is never re-rated");
        }
        if (!p.expiresAt().isAfter(p.startsAt()) || Duration.between(p.startsAt(), p.expiresAt())
                .compareTo(MAX_VALIDITY) > 0) {
            throw Failure.invalid("invalid-validity", "expiresAt is after startsAt and at most three years later");
        }
    }

    /** A customer's packages, by id after the cursor, optionally of one meter, as they stand now. */
    public List<PackageBalance> page(String customerId, String meter, String afterId, int limit) {
        customers.customer(customerId);
        List<ResourcePackage> page = store.page(customerId, meter, afterId == null ? "" : afterId, limit);
        Map<PeriodKey, BigDecimal> consumed = store.consumed(page.stream().map(ResourcePackage::id).toList());
        Instant now = clock.instant();
        return page.stream().map(p -> balance(p, consumed, now)).toList();
    }

    private PackageBalance balance(ResourcePackage p, Map<PeriodKey, BigDecimal> consumed, Instant at) {
        ZoneId zone = clock.getZone();
        BigDecimal total = consumed.entrySet().stream().filter(e -> e.getKey().packageId().equals(p.id()))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (at.isBefore(p.startsAt())) {
            return new PackageBalance(p, Packages.status(p, at, p.quota()), null, null, BigDecimal.ZERO, p.quota(),
                    total);
        }
        boolean expired = !at.isBefore(p.expiresAt());
        Instant periodStart = Packages.periodStart(p, expired ? p.expiresAt().minusNanos(1) : at, zone);
        BigDecimal used = consumed.getOrDefault(new PeriodKey(p.id(), periodStart), BigDecimal.ZERO);
        BigDecimal remaining = expired ? BigDecimal.ZERO : p.quota().subtract(used);
        return new PackageBalance(p, Packages.status(p, at, remaining), periodStart,
                Packages.periodEnd(p, periodStart, zone), used, remaining, total);
    }
}
