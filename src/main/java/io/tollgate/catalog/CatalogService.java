package io.tollgate.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tollgate.catalog.core.Quotes;
import io.tollgate.catalog.core.SharePricing;
import io.tollgate.catalog.store.CatalogStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The catalog's public face: specs and resource types, and the versioned prices. */
@Service
public class CatalogService {
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,95}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("100000000");
    private static final Pattern HOURS = Pattern.compile("\\d{1,6}(\\.\\d{1,10})?");
    private static final BigDecimal MAX_QUOTE_HOURS = BigDecimal.valueOf(87_600);
    private static final int MAX_QUOTE_NODES = 1000;
    private static final int MAX_QUOTE_SIZE_GB = 1_048_576;

    private final CatalogStore store;
    private final Clock clock;
    private final AtomicReference<CachedBook> cache = new AtomicReference<>();

    private record CachedBook(long stamp, PriceBook book) {
    }

    public CatalogService(CatalogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Schema(name = "PriceDraft", description = "A new version of a spec's price")
    public record PriceDraft(String specCode, String region, BillingMode billingMode, Unit unit, String unitPrice,
                             String currency, Instant effectiveFrom) {
    }

    @Transactional
    public void defineServiceType(String code, String name) {
        Text.name("name", name);
        requireCode("code", code);
        store.upsertServiceType(code, name == null || name.isBlank() ? code : name);
    }

    @Transactional
    public ResourceType defineResourceType(ResourceType type) {
        requireCode("code", type.code());
        Text.name("name", type.name());
        if (!store.serviceTypeExists(type.serviceType())) {
            throw Failure.unprocessable("unknown-service-type", "no service type " + type.serviceType());
        }
        if (type.metering() == null || type.specKind() == null) {
            throw Failure.invalid("missing-field", "metering and specKind are required");
        }
        if ((type.diskSpecCode() == null) != (type.diskGb() == null)) {
            throw Failure.invalid("invalid-disk", "diskSpecCode and diskGb go together");
        }
        if (type.diskSpecCode() != null) {
            Spec disk = spec(type.diskSpecCode());
            if (disk.kind() != SpecKind.STORAGE || type.diskGb() <= 0 || type.diskGb() > 65536) {
                throw Failure.invalid("invalid-disk", "the disk needs a storage spec and 1 to 65536 GB");
            }
        }
        if (store.resourceType(type.code()).isPresent()) {
            throw Failure.conflict("resource-type-exists", "resource type " + type.code() + " already exists");
        }
        store.insertResourceType(type);
        return type;
    }

    @Transactional
    public Spec addSpec(Spec spec) {
        requireCode("code", spec.code());
        Text.name("name", spec.name());
        if (spec.name() == null || spec.name().isBlank() || spec.kind() == null) {
            throw Failure.invalid("missing-field", "name and kind are required");
        }
        if (!store.serviceTypeExists(spec.serviceType())) {
            throw Failure.unprocessable("unknown-service-type", "no service type " + spec.serviceType());
        }
        boolean gpuParts = spec.gpuModel() != null || spec.gpuCardsNumerator() != null || spec.gpuCardsDenominator() != null;
        if (gpuParts && (spec.gpuModel() == null || spec.gpuCardsNumerator() == null || spec.gpuCardsDenominator() == null
                || spec.gpuCardsNumerator() <= 0 || spec.gpuCardsDenominator() <= 0 || spec.gpuCardsDenominator() > 64)) {
            throw Failure.invalid("invalid-gpu-share", "a GPU needs a model and a positive share such as 1/7 or 8/1");
        }
        if ((spec.npuModel() == null) != (spec.npuCount() == null) || (spec.npuCount() != null && spec.npuCount() <= 0)) {
            throw Failure.invalid("invalid-npu", "an NPU needs a model and a positive count");
        }
        if ((spec.vcpus() != null && spec.vcpus() <= 0) || (spec.memoryGib() != null && spec.memoryGib() <= 0)) {
            throw Failure.invalid("invalid-spec", "vcpus and memoryGib must be positive");
        }
        if (store.spec(spec.code()).isPresent()) {
            throw Failure.conflict("spec-exists", "spec " + spec.code() + " already exists");
        }
        if (spec.priceByShareOf() != null) {
            requireShareOf(spec);
        }
        store.insertSpec(spec, clock.instant());
        return spec;
    }

    /**
     * A spec priced by share is a GPU share of the same card model as the spec it is priced from,
     * in the same service; that spec has prices of its own (no chains), so a share's price is one
     * multiplication away from a published price.
     */
    private void requireShareOf(Spec spec) {
        Spec full = store.spec(spec.priceByShareOf()).orElseThrow(() -> Failure.unprocessable("unknown-spec",
                "no spec " + spec.priceByShareOf() + " to price " + spec.code() + " by share of"));
        if (spec.gpuModel() == null || !spec.gpuModel().equals(full.gpuModel())
                || !spec.serviceType().equals(full.serviceType()) || spec.kind() != full.kind()) {
            throw Failure.unprocessable("invalid-price-by-share", spec.code() + " can be priced by share only of a "
                    + "spec with the same GPU model in the same service");
        }
        if (full.priceByShareOf() != null) {
            throw Failure.unprocessable("invalid-price-by-share", full.code() + " is itself priced by share of "
                    + full.priceByShareOf() + "; price " + spec.code() + " by share of that spec");
        }
    }

    /** Publishes a price version; versions after the first take effect now or later. */
    @Transactional
    public PriceVersion publishPrice(PriceDraft draft) {
        Spec spec = spec(draft.specCode());
        if (spec.priceByShareOf() != null) {
            throw Failure.unprocessable("price-by-share", spec.code() + " is priced by its share of "
                    + spec.priceByShareOf() + ": publish that spec's price instead");
        }
        requireRegionAndCurrency(draft.region(), draft.currency());
        if (draft.billingMode() == null || draft.unit() == null) {
            throw Failure.invalid("missing-field", "billingMode and unit are required");
        }
        BigDecimal unitPrice = Amounts.parse("unitPrice", draft.unitPrice(), Amounts.UNIT_PRICE_SCALE, MAX_UNIT_PRICE);
        if (unitPrice.signum() < 0) {
            throw Failure.invalid("negative-price", "unitPrice must not be negative");
        }
        requireUnitFits(draft, spec.kind());
        Instant now = clock.instant();
        Instant effectiveFrom = draft.effectiveFrom() == null ? now : draft.effectiveFrom();
        store.lockSpec(draft.specCode());
        PriceBook book = new PriceBook(store.prices(draft.specCode()));
        // A pay-per-use price keeps one unit across its versions (unit-mismatch below); a prepaid
        // spec has a price per MONTH and one per YEAR, each with versions of its own.
        List<PriceVersion> existing = draft.billingMode() == BillingMode.PAY_PER_USE
                ? book.versions(draft.specCode(), draft.region(), draft.billingMode(), draft.currency())
                : book.versions(draft.specCode(), draft.region(), draft.billingMode(), draft.currency(), draft.unit());
        // The first version of a price may reach back (nothing can have been rated without it);
        // a later one may not, or it would reprice hours that may already be settled.
        if (!existing.isEmpty() && effectiveFrom.isBefore(now)) {
            throw Failure.unprocessable("price-effective-in-past",
                    "a new price version takes effect now or later, not at " + effectiveFrom);
        }
        if (!existing.isEmpty() && existing.get(existing.size() - 1).unit() != draft.unit()) {
            throw Failure.unprocessable("unit-mismatch", "earlier versions of this price are per " + existing.get(0).unit());
        }
        if (!existing.isEmpty() && !effectiveFrom.isAfter(existing.get(existing.size() - 1).effectiveFrom())) {
            throw Failure.conflict("price-version-order", "a new version must take effect after the latest one");
        }
        int version = store.nextVersion(draft.specCode(), draft.region(), draft.billingMode(), draft.currency(),
                draft.unit());
        return store.insertPrice(new PriceVersion(0, draft.specCode(), draft.region(), draft.billingMode(), draft.unit(),
                unitPrice, draft.currency(), effectiveFrom, version, now));
    }

    /**
     * Pay-per-use prices are per HOUR or GB_HOUR, prepaid ones per MONTH/YEAR of a compute flavor or
     * GB_MONTH/GB_YEAR of a storage class. (A pay-per-use unit is not checked against the spec kind,
     * as before: its quantity is whatever the resource bills, nodes or GB.)
     */
    private static void requireUnitFits(PriceDraft draft, SpecKind kind) {
        if (draft.unit().mode() != draft.billingMode()) {
            throw Failure.unprocessable("unit-not-for-mode", "a " + draft.billingMode() + " price is not per "
                    + draft.unit() + (draft.billingMode() == BillingMode.PAY_PER_USE ? "; use HOUR or GB_HOUR"
                    : "; use MONTH and YEAR, or GB_MONTH and GB_YEAR for storage"));
        }
        if (draft.billingMode() == BillingMode.YEARLY_MONTHLY && draft.unit().specKind() != kind) {
            throw Failure.unprocessable("unit-not-for-spec", "a " + kind + " spec is not priced per " + draft.unit());
        }
    }

    public Spec spec(String code) {
        if (code == null) {
            throw Failure.invalid("missing-field", "specCode is required");
        }
        return store.spec(code).orElseThrow(() -> Failure.unprocessable("unknown-spec", "no spec " + code));
    }

    public ResourceType resourceType(String code) {
        if (code == null) {
            throw Failure.invalid("missing-field", "resourceType is required");
        }
        return store.resourceType(code)
                .orElseThrow(() -> Failure.unprocessable("unknown-resource-type", "no resource type " + code));
    }

    public List<Spec> specs() {
        return store.specs();
    }

    public List<ResourceType> resourceTypes() {
        return store.resourceTypes();
    }

    /** A spec's price versions; for a spec priced by share, the versions derived from the other spec's. */
    public List<PriceVersion> prices(String specCode) {
        Spec spec = spec(specCode);
        if (spec.priceByShareOf() != null) {
            Spec full = spec(spec.priceByShareOf());
            return SharePricing.derive(spec, full, store.prices(full.code()));
        }
        return store.prices(specCode);
    }

    /**
     * A snapshot of every price version, with the versions of specs priced by share derived from
     * the prices of the spec they are a share of. The snapshot is cached and reloaded whenever a
     * price was published or a spec priced by share added (by any instance), which one cheap query
     * detects.
     */
    public PriceBook priceBook() {
        long stamp = store.priceCount();
        CachedBook cached = cache.get();
        if (cached == null || cached.stamp() != stamp) {
            List<PriceVersion> versions = new ArrayList<>(store.prices());
            for (Spec share : store.sharePricedSpecs()) {
                Spec full = spec(share.priceByShareOf());
                versions.addAll(SharePricing.derive(share, full, versions));
            }
            cached = new CachedBook(stamp, new PriceBook(versions));
            cache.set(cached);
        }
        return cached.book();
    }

    /** Prices {@code duration} (hours as a decimal such as "1.5", or ISO-8601 such as "PT90M") pay-per-use, now. */
    public PayPerUseQuote quotePayPerUse(QuoteTarget target, String duration) {
        Quoted q = quoted(target, false);
        BigDecimal hours = parseHours(duration);
        PriceVersion hourly = requirePrice(q.book().inForce(q.spec().code(), target.region(), BillingMode.PAY_PER_USE,
                target.currency(), q.at()), target, "pay-per-use");
        return Quotes.payPerUse(hourly, q.quantity(), hours);
    }

    /** Prices a prepaid term (P1M..P11M, P1Y..P3Y) at the prices in force now. */
    public PrepaidQuote quotePrepaid(QuoteTarget target, String term) {
        Quoted q = quoted(target, true);
        PrepaidTerm t = PrepaidTerm.parse(term);
        PriceVersion monthly = q.prepaid(target, Unit.month(q.spec().kind()));
        PriceVersion yearly = t.unit() == PrepaidTerm.TermUnit.YEAR ? q.prepaid(target, Unit.year(q.spec().kind())) : null;
        if (monthly == null && yearly == null) {
            throw noPrice(target, t.unit() == PrepaidTerm.TermUnit.MONTH ? "monthly" : "yearly or monthly");
        }
        return Quotes.prepaid(t, q.quantity(), monthly, yearly);
    }

    /** Compares pay-per-use with prepaid terms for a use of {@code hoursPerMonth} (default 730) a month. */
    public ModeComparison compareModes(QuoteTarget target, String hoursPerMonth) {
        Quoted q = quoted(target, true);
        BigDecimal hours = parseHoursPerMonth(hoursPerMonth);
        PriceVersion hourly = requirePrice(q.book().inForce(q.spec().code(), target.region(), BillingMode.PAY_PER_USE,
                target.currency(), q.at()), target, "pay-per-use");
        PriceVersion monthly = q.prepaid(target, Unit.month(q.spec().kind()));
        PriceVersion yearly = q.prepaid(target, Unit.year(q.spec().kind()));
        if (monthly == null && yearly == null) {
            throw noPrice(target, "yearly/monthly");
        }
        return Quotes.compare(q.quantity(), hours, hourly, monthly, yearly);
    }

    /** A checked quote request: its spec, the quantity (nodes or GB), and the prices as they are now. */
    private record Quoted(Spec spec, int quantity, PriceBook book, Instant at) {
        PriceVersion prepaid(QuoteTarget t, Unit unit) {
            return book.inForce(spec.code(), t.region(), BillingMode.YEARLY_MONTHLY, t.currency(), unit, at);
        }
    }

    private Quoted quoted(QuoteTarget target, boolean prepaid) {
        Spec spec = spec(target.specCode());
        requireRegionAndCurrency(target.region(), target.currency());
        if (target.resourceType() != null) {
            ResourceType type = resourceType(target.resourceType());
            if (type.specKind() != spec.kind()) {
                throw Failure.unprocessable("spec-not-for-type", type.code() + " takes " + type.specKind() + " specs");
            }
            if (prepaid && !type.prepaidAllowed()) {
                throw Failure.unprocessable("prepaid-not-allowed", type.code() + " is pay-per-use only");
            }
        }
        int quantity;
        if (spec.kind() == SpecKind.STORAGE) {
            if (target.nodes() != null) {
                throw Failure.invalid("invalid-field", spec.code() + " is storage: give sizeGb, not nodes");
            }
            quantity = requireQuantity("sizeGb", target.sizeGb(), MAX_QUOTE_SIZE_GB);
        } else {
            if (target.sizeGb() != null) {
                throw Failure.invalid("invalid-field", spec.code() + " is a compute flavor: give nodes, not sizeGb");
            }
            quantity = requireQuantity("nodes", target.nodes() == null ? 1 : target.nodes(), MAX_QUOTE_NODES);
        }
        return new Quoted(spec, quantity, priceBook(), clock.instant());
    }

    private static int requireQuantity(String field, Integer value, int max) {
        if (value == null) {
            throw Failure.invalid("missing-field", field + " is required");
        }
        if (value < 1 || value > max) {
            throw Failure.invalid("quantity-out-of-range", field + " must be 1 to " + max + ", not " + value);
        }
        return value;
    }

    /** Hours as a plain decimal ("730", "1.5") or an ISO-8601 duration ("PT90M", "P30D"), above 0 and at most 10 years. */
    static BigDecimal parseHours(String text) {
        if (text == null || text.isBlank()) {
            throw Failure.invalid("missing-field", "duration is required, e.g. \"730\" (hours) or \"P30D\"");
        }
        BigDecimal hours;
        if (HOURS.matcher(text).matches()) {
            hours = new BigDecimal(text).setScale(Amounts.USAGE_SCALE, RoundingMode.UNNECESSARY);
        } else {
            try {
                Duration d = Duration.parse(text);
                if (d.getNano() != 0) {
                    throw Failure.invalid("invalid-duration", "a duration counts whole seconds: " + text);
                }
                hours = Quotes.hours(d);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw Failure.invalid("invalid-duration",
                        "duration is hours (\"1.5\", up to 10 decimals) or ISO-8601 (\"PT90M\", \"P30D\"), not " + text);
            }
        }
        if (hours.signum() <= 0 || hours.compareTo(MAX_QUOTE_HOURS) > 0) {
            throw Failure.invalid("invalid-duration", "a quoted duration is above 0 and at most "
                    + MAX_QUOTE_HOURS.toPlainString() + " hours (10 years), not " + text);
        }
        return hours;
    }

    static BigDecimal parseHoursPerMonth(String text) {
        if (text == null || text.isBlank()) {
            return Quotes.HOURS_PER_MONTH;
        }
        if (!HOURS.matcher(text).matches() || new BigDecimal(text).compareTo(Quotes.HOURS_PER_MONTH) > 0) {
            throw Failure.invalid("invalid-hours-per-month", "hoursPerMonth is a decimal from 0 to 730, not " + text);
        }
        return new BigDecimal(text);
    }

    private static PriceVersion requirePrice(PriceVersion price, QuoteTarget target, String what) {
        if (price == null) {
            throw noPrice(target, what);
        }
        return price;
    }

    private static Failure noPrice(QuoteTarget t, String what) {
        return Failure.unprocessable("no-price", "no " + what + " price of " + t.specCode() + " in " + t.region()
                + " in " + t.currency() + " is in force");
    }

    private static void requireRegionAndCurrency(String region, String currency) {
        requireRegion(region);
        requireCurrency(currency);
    }

    /** Refuses a missing or malformed region code ({@code invalid-region}). */
    public static void requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw Failure.invalid("invalid-region", "region must be lower-case letters, digits and dashes");
        }
    }

    /** Refuses a missing or malformed currency code ({@code invalid-currency}). */
    public static void requireCurrency(String currency) {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw Failure.invalid("invalid-currency", "currency must be an ISO 4217 code such as CNY");
        }
    }

    static void requireCode(String field, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw Failure.invalid("invalid-code", field + " must be 2-96 lower-case letters, digits, dots, dashes");
        }
    }
}
