package io.tollgate.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tollgate.catalog.store.CatalogStore;
import io.tollgate.catalog.store.MeterStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Usage meters and their versioned prices (flat, graduated, volume; monthly free quota). */
@Service
public class MeterService {
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,95}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX = new BigDecimal("1000000000000000");
    static final int MAX_TIERS = 20;

    private final MeterStore store;
    private final CatalogStore catalog;
    private final Clock clock;
    private final AtomicReference<Book> cache = new AtomicReference<>();

    public MeterService(MeterStore store, CatalogStore catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Schema(name = "MeterTierDraft")
    public record TierDraft(String upTo, String unitPrice) {
    }

    @Schema(name = "MeterPriceDraft", description = "A new version of a usage meter's price")
    public record PriceDraft(String meterCode, String region, String currency, MeterPrice.Model model,
                             List<TierDraft> tiers, String freeQuota, Instant effectiveFrom,
                             MeterPrice.FreeQuotaBasis freeQuotaBasis) {
    }

    @Transactional
    public Meter define(Meter m) {
        if (m.code() == null || !CODE.matcher(m.code()).matches()) {
            throw Failure.invalid("invalid-code", "code must be 2-96 lower-case letters, digits, dots, dashes");
        }
        if (catalog.resourceType(m.resourceType()).isEmpty()) {
            throw Failure.unprocessable("unknown-resource-type", "no resource type " + m.resourceType());
        }
        Text.name("name", m.name());
        Text.name("quantityUnit", m.quantityUnit());
        Text.name("priceUnit", m.priceUnit());
        if (m.name() == null || m.quantityUnit() == null || m.priceUnit() == null || m.measure() == null
                || m.unitSize() == null || m.unitSize().signum() <= 0) {
            throw Failure.invalid("missing-field", "name, quantityUnit, priceUnit, measure and a positive unitSize are required");
        }
        if ((m.measure() == Meter.Measure.QUANTITY_TIME) != (m.periodSeconds() != null)
                || (m.periodSeconds() != null && m.periodSeconds() <= 0)) {
            throw Failure.invalid("invalid-measure", "QUANTITY_TIME meters need a positive periodSeconds; COUNT meters none");
        }
        if (!store.insert(m)) {
            throw Failure.conflict("meter-exists", "meter " + m.code() + " already exists");
        }
        return m;
    }

    public Meter meter(String code) {
        return store.meter(code).orElseThrow(() -> Failure.unprocessable("unknown-meter", "no meter " + code));
    }

    public List<Meter> meters() {
        return store.meters();
    }

    public List<MeterPrice> prices(String code) {
        meter(code);
        return store.prices(code);
    }

    /** Publishes a price version; versions after the first take effect now or later. */
    @Transactional
    public MeterPrice publish(PriceDraft d) {
        MeterPrice.Model model = d.model() == null ? MeterPrice.Model.FLAT : d.model();
        List<MeterPrice.Tier> tiers = tiers(model, d.tiers());
        Meter meter = meter(d.meterCode());
        if (d.freeQuotaBasis() == MeterPrice.FreeQuotaBasis.STORED_QUANTITY
                && meter.measure() != Meter.Measure.QUANTITY_TIME) {
            throw Failure.invalid("invalid-free-quota-basis", "a STORED_QUANTITY free quota needs a QUANTITY_TIME meter; "
                    + meter.code() + " counts");
        }
        if (d.region() == null || !REGION.matcher(d.region()).matches()) {
            throw Failure.invalid("invalid-region", "region must be lower-case letters, digits and dashes");
        }
        if (d.currency() == null || !CURRENCY.matcher(d.currency()).matches()) {
            throw Failure.invalid("invalid-currency", "currency must be an ISO 4217 code such as CNY");
        }
        BigDecimal free = d.freeQuota() == null ? BigDecimal.ZERO
                : Amounts.parse("freeQuota", d.freeQuota(), Amounts.USAGE_SCALE, MAX);
        if (free.signum() < 0) {
            throw Failure.invalid("negative-amount", "freeQuota must not be negative");
        }
        Instant now = clock.instant();
        Instant effective = d.effectiveFrom() == null ? now : d.effectiveFrom();
        store.lockMeter(d.meterCode());
        List<MeterPrice> existing = store.prices(d.meterCode()).stream()
                .filter(p -> p.region().equals(d.region()) && p.currency().equals(d.currency())).toList();
        if (!existing.isEmpty() && effective.isBefore(now)) {
            throw Failure.unprocessable("price-effective-in-past", "a new price version takes effect now or later");
        }
        if (!existing.isEmpty() && !effective.isAfter(existing.get(existing.size() - 1).effectiveFrom())) {
            throw Failure.conflict("price-version-order", "a new version must take effect after the latest one");
        }
        return store.insertPrice(new MeterPrice(0, d.meterCode(), d.region(), d.currency(), model, tiers, free,
                effective, existing.size() + 1, now, d.freeQuotaBasis()));
    }

    private static List<MeterPrice.Tier> tiers(MeterPrice.Model model, List<TierDraft> drafts) {
        if (drafts == null || drafts.isEmpty() || drafts.size() > MAX_TIERS) {
            throw Failure.invalid("invalid-tiers", "a price has 1 to " + MAX_TIERS + " tiers");
        }
        if (model == MeterPrice.Model.FLAT && drafts.size() != 1) {
            throw Failure.invalid("invalid-tiers", "a FLAT price has exactly one tier");
        }
        List<MeterPrice.Tier> tiers = new ArrayList<>();
        BigDecimal last = BigDecimal.ZERO;
        for (int i = 0; i < drafts.size(); i++) {
            TierDraft t = drafts.get(i);
            if (t == null) {
                throw Failure.invalid("invalid-tiers", "a tier is null");
            }
            BigDecimal price = Amounts.parse("unitPrice", t.unitPrice(), Amounts.UNIT_PRICE_SCALE, MAX);
            boolean lastTier = i == drafts.size() - 1;
            BigDecimal upTo = t.upTo() == null ? null : Amounts.parse("upTo", t.upTo(), Amounts.USAGE_SCALE, MAX);
            if (price.signum() < 0 || (lastTier != (upTo == null)) || (upTo != null && upTo.compareTo(last) <= 0)) {
                throw Failure.invalid("invalid-tiers", "tiers have rising upper bounds, the last none, and prices >= 0");
            }
            tiers.add(new MeterPrice.Tier(upTo, price));
            if (upTo != null) {
                last = upTo;
            }
        }
        return tiers;
    }

    /** The version of a meter's price in force at {@code at}, or null. */
    public MeterPrice inForce(String meter, String region, String currency, Instant at) {
        return book().inForce(meter, region, currency, at);
    }

    /**
     * A snapshot of every meter price, cached and reloaded when any instance published one (one
     * cheap query tells). A batch of usage records asks it once and looks prices up in memory.
     */
    public Book book() {
        long stamp = store.stamp();
        Book book = cache.get();
        if (book == null || book.stamp() != stamp) {
            book = new Book(stamp, index(store.prices()));
            cache.set(book);
        }
        return book;
    }

    /** All meter price versions, by meter, region and currency, oldest first. */
    public record Book(long stamp, Map<String, List<MeterPrice>> prices) {
        public MeterPrice inForce(String meter, String region, String currency, Instant at) {
            MeterPrice found = null;
            for (MeterPrice p : prices.getOrDefault(meter + "|" + region + "|" + currency, List.of())) {
                if (p.effectiveFrom().isAfter(at)) {
                    break;
                }
                found = p;
            }
            return found;
        }
    }

    private static Map<String, List<MeterPrice>> index(List<MeterPrice> all) {
        Map<String, List<MeterPrice>> map = new HashMap<>();
        for (MeterPrice p : all) {
            map.computeIfAbsent(p.meterCode() + "|" + p.region() + "|" + p.currency(), k -> new ArrayList<>()).add(p);
        }
        map.values().forEach(l -> l.sort(Comparator.comparing(MeterPrice::effectiveFrom)));
        return map;
    }
}
