package io.tollgate.catalog;

import io.tollgate.catalog.store.CatalogStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
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

    private final CatalogStore store;
    private final Clock clock;
    private final AtomicReference<CachedBook> cache = new AtomicReference<>();

    private record CachedBook(long stamp, PriceBook book) {
    }

    public CatalogService(CatalogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record PriceDraft(String specCode, String region, BillingMode billingMode, Unit unit, String unitPrice,
                             String currency, Instant effectiveFrom) {
    }

    @Transactional
    public void defineServiceType(String code, String name) {
        requireCode("code", code);
        store.upsertServiceType(code, name == null || name.isBlank() ? code : name);
    }

    @Transactional
    public ResourceType defineResourceType(ResourceType type) {
        requireCode("code", type.code());
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
        store.insertSpec(spec, clock.instant());
        return spec;
    }

    /** Publishes a price version; versions after the first take effect now or later. */
    @Transactional
    public PriceVersion publishPrice(PriceDraft draft) {
        spec(draft.specCode());
        if (draft.region() == null || !REGION.matcher(draft.region()).matches()) {
            throw Failure.invalid("invalid-region", "region must be lower-case letters, digits and dashes");
        }
        if (draft.billingMode() == null || draft.unit() == null) {
            throw Failure.invalid("missing-field", "billingMode and unit are required");
        }
        if (draft.currency() == null || !CURRENCY.matcher(draft.currency()).matches()) {
            throw Failure.invalid("invalid-currency", "currency must be an ISO 4217 code such as CNY");
        }
        BigDecimal unitPrice = Amounts.parse("unitPrice", draft.unitPrice(), Amounts.UNIT_PRICE_SCALE, MAX_UNIT_PRICE);
        if (unitPrice.signum() < 0) {
            throw Failure.invalid("negative-price", "unitPrice must not be negative");
        }
        Instant now = clock.instant();
        Instant effectiveFrom = draft.effectiveFrom() == null ? now : draft.effectiveFrom();
        store.lockSpec(draft.specCode());
        PriceBook book = new PriceBook(store.prices(draft.specCode()));
        List<PriceVersion> existing = book.versions(draft.specCode(), draft.region(), draft.billingMode(), draft.currency());
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
        int version = store.nextVersion(draft.specCode(), draft.region(), draft.billingMode(), draft.currency());
        return store.insertPrice(new PriceVersion(0, draft.specCode(), draft.region(), draft.billingMode(), draft.unit(),
                unitPrice, draft.currency(), effectiveFrom, version, now));
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

    public List<PriceVersion> prices(String specCode) {
        spec(specCode);
        return store.prices(specCode);
    }

    /**
     * A snapshot of every price version. The snapshot is cached and reloaded whenever a price was
     * published (by any instance), which one cheap query detects.
     */
    public PriceBook priceBook() {
        long stamp = store.priceCount();
        CachedBook cached = cache.get();
        if (cached == null || cached.stamp() != stamp) {
            cached = new CachedBook(stamp, new PriceBook(store.prices()));
            cache.set(cached);
        }
        return cached.book();
    }

    private static void requireCode(String field, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw Failure.invalid("invalid-code", field + " must be 2-96 lower-case letters, digits, dots, dashes");
        }
    }
}
