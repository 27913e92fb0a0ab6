package io.tollgate.console.operator;

import static io.tollgate.console.operator.CustomersPage.blank;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.catalog.http.CatalogController;
import io.tollgate.catalog.http.MeterController;
import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The catalog: specs with their price versions (publish a version with its effective time),
 * resource types, and usage meters with their tiered price versions.
 */
@Controller
@RequestMapping("/console/operator")
public class CatalogPages {
    private final CatalogController catalog;
    private final MeterController meters;
    private final Clock clock;
    private final io.tollgate.console.ConsoleFormat fmt;

    public CatalogPages(CatalogController catalog, MeterController meters, Clock clock,
                        io.tollgate.console.ConsoleFormat fmt) {
        this.fmt = fmt;
        this.catalog = catalog;
        this.meters = meters;
        this.clock = clock;
    }

    @GetMapping("/catalog")
    public String catalog(Caller caller, Model model) {
        model.addAttribute("section", "op-catalog");
        model.addAttribute("specs", catalog.specs(caller).stream()
                .sorted(Comparator.comparing(CatalogController.SpecView::code)).toList());
        model.addAttribute("types", catalog.resourceTypes(caller));
        model.addAttribute("kinds", SpecKind.values());
        return "console/operator/catalog";
    }

    @PostMapping("/catalog/specs")
    public String addSpec(Caller caller, @RequestParam String code, @RequestParam String serviceType,
                          @RequestParam SpecKind kind, @RequestParam String name,
                          @RequestParam(required = false) Integer vcpus, @RequestParam(required = false) Integer memoryGib,
                          @RequestParam(required = false) String gpuModel, @RequestParam(required = false) String gpuShare,
                          RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/catalog/specs/" + code.strip(), "/console/operator/catalog", () -> {
            var s = catalog.addSpec(caller, new CatalogController.SpecRequest(code.strip(), serviceType.strip(), kind,
                    name.strip(), vcpus, memoryGib, blank(gpuModel), blank(gpuShare), null, null, null));
            return "Spec " + s.code() + " added. Publish its prices below.";
        });
    }

    @GetMapping("/catalog/specs/{code}")
    public String spec(Caller caller, @PathVariable String code, Model model) {
        var spec = catalog.specs(caller).stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> Failure.notFound("unknown-spec", "no spec " + code));
        model.addAttribute("section", "op-catalog");
        model.addAttribute("spec", spec);
        model.addAttribute("prices", catalog.prices(caller, code).stream()
                .sorted(Comparator.comparing((CatalogController.PriceView p) -> p.billingMode().name())
                        .thenComparing(p -> p.unit().name()).thenComparing(CatalogController.PriceView::region)
                        .thenComparing(CatalogController.PriceView::version, Comparator.reverseOrder())).toList());
        model.addAttribute("units", Unit.values());
        model.addAttribute("now", LocalDateTime.now(clock).withSecond(0).withNano(0));
        return "console/operator/spec";
    }

    @PostMapping("/catalog/specs/{code}/prices")
    public String publishPrice(Caller caller, @PathVariable String code, @RequestParam String region,
                               @RequestParam Unit unit, @RequestParam String unitPrice, @RequestParam String currency,
                               @RequestParam String effectiveFrom, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/catalog/specs/" + code, () -> {
            var p = catalog.publishPrice(caller, new CatalogService.PriceDraft(code, region.strip(), unit.mode(), unit,
                    unitPrice.strip(), currency.strip().toUpperCase(), instant(effectiveFrom)));
            return "Version " + p.version() + " published: " + fmt.money(p.unitPrice(), p.currency()) + " a "
                    + p.unit().name().toLowerCase() + " from " + fmt.time(p.effectiveFrom()) + ".";
        });
    }

    @GetMapping("/meters")
    public String meters(Caller caller, Model model) {
        model.addAttribute("section", "op-meters");
        model.addAttribute("meters", meters.meters(caller).stream().sorted(Comparator.comparing(Meter::code)).toList());
        model.addAttribute("types", catalog.resourceTypes(caller));
        return "console/operator/meters";
    }

    @PostMapping("/meters")
    public String defineMeter(Caller caller, @RequestParam String code, @RequestParam String resourceType,
                              @RequestParam String name, @RequestParam String quantityUnit,
                              @RequestParam String priceUnit, @RequestParam Meter.Measure measure,
                              @RequestParam(required = false) Long periodSeconds, @RequestParam String unitSize,
                              RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/meters/" + code.strip(), "/console/operator/meters", () -> {
            var m = meters.define(caller, new Meter(code.strip(), resourceType.strip(), name.strip(),
                    quantityUnit.strip(), priceUnit.strip(), measure, periodSeconds, decimal(unitSize, "unitSize"),
                    null));
            return "Meter " + m.code() + " defined. Publish its price below.";
        });
    }

    @GetMapping("/meters/{code}")
    public String meter(Caller caller, @PathVariable String code, Model model) {
        var meter = meters.meters(caller).stream().filter(m -> m.code().equals(code)).findFirst()
                .orElseThrow(() -> Failure.notFound("unknown-meter", "no meter " + code));
        model.addAttribute("section", "op-meters");
        model.addAttribute("meter", meter);
        model.addAttribute("prices", meters.prices(caller, code).stream()
                .sorted(Comparator.comparing(MeterPrice::region).thenComparing(MeterPrice::version,
                        Comparator.reverseOrder())).toList());
        model.addAttribute("models", MeterPrice.Model.values());
        model.addAttribute("now", LocalDateTime.now(clock).withSecond(0).withNano(0));
        return "console/operator/meter";
    }

    /**
     * Tiers are written one a line, "up to, unit price" ({@code 1000 0.50}, the last line's up-to
     * left out or {@code *} for no bound).
     */
    @PostMapping("/meters/{code}/prices")
    public String publishMeterPrice(Caller caller, @PathVariable String code, @RequestParam String region,
                                    @RequestParam String currency, @RequestParam MeterPrice.Model model,
                                    @RequestParam String tiers, @RequestParam(required = false) String freeQuota,
                                    @RequestParam String effectiveFrom, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/meters/" + code, () -> {
            var p = meters.publish(caller, new MeterService.PriceDraft(code, region.strip(),
                    currency.strip().toUpperCase(), model, tiers(tiers), blank(freeQuota), instant(effectiveFrom), null));
            return "Version " + p.version() + " of " + code + " published with " + p.tiers().size() + " tier(s).";
        });
    }

    static List<MeterService.TierDraft> tiers(String text) {
        List<MeterService.TierDraft> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String[] parts = line.strip().split("[\\s,;]+");
            if (parts.length == 1 && parts[0].isEmpty()) {
                continue;
            }
            if (parts.length == 1) {
                out.add(new MeterService.TierDraft(null, parts[0]));
            } else if (parts.length == 2) {
                out.add(new MeterService.TierDraft(parts[0].equals("*") ? null : parts[0], parts[1]));
            } else {
                throw Failure.invalid("invalid-tiers", "a tier line is 'up to' and 'unit price', not '" + line.strip()
                        + "'");
            }
        }
        return out;
    }

    /** A {@code datetime-local} field, read in the billing zone. */
    Instant instant(String local) {
        try {
            return LocalDateTime.parse(local.strip()).atZone(clock.getZone()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw Failure.invalid("invalid-time", "a time is written 2030-01-31T10:00, not '" + local + "'");
        }
    }

    private static BigDecimal decimal(String s, String field) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw Failure.invalid("invalid-" + field, field + " is a number, not '" + s + "'");
        }
    }

}
