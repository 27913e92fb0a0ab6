package io.tollgate.catalog.http;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.BillingMode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/catalog")
@Tag(name = "catalog", description = "Specs, resource types and versioned prices")
public class CatalogController {
    private final CatalogService catalog;

    public CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    public record PriceView(long id, String specCode, String region, BillingMode billingMode, Unit unit,
                            String unitPrice, String currency, Instant effectiveFrom, int version, Instant publishedAt) {
        static PriceView of(PriceVersion p) {
            return new PriceView(p.id(), p.specCode(), p.region(), p.billingMode(), p.unit(),
                    Amounts.format(p.unitPrice()), p.currency(), p.effectiveFrom(), p.version(), p.publishedAt());
        }
    }

    /** {@code priceByShareOf} is optional: the GPU spec whose prices this share is priced from. */
    public record SpecRequest(String code, String serviceType, SpecKind kind, String name, Integer vcpus,
                              Integer memoryGib, String gpuModel, String gpuShare, String npuModel, Integer npuCount,
                              String priceByShareOf) {
    }

    public record SpecView(String code, String serviceType, SpecKind kind, String name, Integer vcpus, Integer memoryGib,
                           String gpuModel, String gpuShare, String npuModel, Integer npuCount, String priceByShareOf) {
        static SpecView of(Spec s) {
            String share = s.gpuModel() == null ? null : s.gpuCardsNumerator() + "/" + s.gpuCardsDenominator();
            return new SpecView(s.code(), s.serviceType(), s.kind(), s.name(), s.vcpus(), s.memoryGib(), s.gpuModel(),
                    share, s.npuModel(), s.npuCount(), s.priceByShareOf());
        }
    }

    /** {@code prepaidAllowed} is optional: false (pay-per-use only) unless true. */
    public record ResourceTypeRequest(String code, String serviceType, String name, Metering metering, SpecKind specKind,
                                      String diskSpecCode, Integer diskGb, Boolean prepaidAllowed) {
    }

    public record ServiceTypeRequest(String code, String name) {
    }

    @PostMapping("/service-types")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define or rename a service type such as modelarts or evs (operator)")
    public ServiceTypeRequest defineServiceType(Caller caller, @RequestBody ServiceTypeRequest r) {
        caller.requireRole(Role.OPERATOR);
        catalog.defineServiceType(r.code(), r.name());
        return r;
    }

    @GetMapping("/specs")
    @Operation(summary = "List specs (flavors and storage classes)")
    public List<SpecView> specs(Caller caller) {
        return catalog.specs().stream().map(SpecView::of).toList();
    }

    @PostMapping("/specs")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a spec (operator). A GPU share is written as a fraction of cards, e.g. \"1/7\" or \"8/1\"; "
            + "with priceByShareOf a GPU share is priced by its share of that spec's prices (e.g. a 1/4 card at a "
            + "quarter of the whole card's price) and has no prices of its own")
    public SpecView addSpec(Caller caller, @RequestBody SpecRequest r) {
        caller.requireRole(Role.OPERATOR);
        GpuShare share = GpuShare.parse(r.gpuShare());
        return SpecView.of(catalog.addSpec(new Spec(r.code(), r.serviceType(), r.kind(), r.name(), r.vcpus(),
                r.memoryGib(), r.gpuModel(), share == null ? null : share.numerator(),
                share == null ? null : share.denominator(), r.npuModel(), r.npuCount(), r.priceByShareOf())));
    }

    @GetMapping("/resource-types")
    @Operation(summary = "List resource types")
    public List<ResourceType> resourceTypes(Caller caller) {
        return catalog.resourceTypes();
    }

    @PostMapping("/resource-types")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define a resource type (operator); prepaidAllowed (default false) lets it be bought "
            + "yearly/monthly")
    public ResourceType defineResourceType(Caller caller, @RequestBody ResourceTypeRequest r) {
        caller.requireRole(Role.OPERATOR);
        return catalog.defineResourceType(new ResourceType(r.code(), r.serviceType(), r.name(), r.metering(),
                r.specKind(), r.diskSpecCode(), r.diskGb(), r.prepaidAllowed()));
    }

    @GetMapping("/specs/{code}/prices")
    @Operation(summary = "All price versions of a spec (of a spec priced by share: those derived from the other spec's)")
    public List<PriceView> prices(Caller caller, @PathVariable String code) {
        return catalog.prices(code).stream().map(PriceView::of).toList();
    }

    @PostMapping("/prices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish a new price version (operator); it takes effect at effectiveFrom, now or later",
            description = "PAY_PER_USE prices are per HOUR (or GB_HOUR for storage) and keep their unit across "
                    + "versions; YEARLY_MONTHLY prices are per MONTH and per YEAR (GB_MONTH, GB_YEAR for storage), "
                    + "each unit versioned on its own.")
    public PriceView publishPrice(Caller caller, @RequestBody CatalogService.PriceDraft draft) {
        caller.requireRole(Role.OPERATOR);
        return PriceView.of(catalog.publishPrice(draft));
    }
}
