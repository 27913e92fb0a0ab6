package io.tollgate.cost;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.Unit;
import io.tollgate.cost.core.PrepaidAdvice;
import io.tollgate.cost.core.Rightsizing;
import io.tollgate.cost.store.AdviceStore;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.metering.PackageService;
import io.tollgate.metering.ResourcePackage;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.ResourceState;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Optimization advice (issue 10 part 7, docs/cost.md), computed when asked from what the customer
 * runs now, each piece with a stable key the customer may dismiss:
 * <ul>
 * <li>{@code PREPAID}: a running pay-per-use resource whose hours over the last 7, 30 or 60 days
 * (a month counted as 730 hours) cost more than a monthly term of its spec
 * ({@link PrepaidAdvice}): the monthly saving and the break-even time;</li>
 * <li>{@code STOPPED_DISK}: a stopped resource still paying for its disk: the disk's monthly cost;</li>
 * <li>{@code UNDERUSED_PACKAGE}: a package used under 20% of its quota in its first 7 days, or a
 * monthly-reset one under 40% in the first 14 days of its period;</li>
 * <li>{@code IDLE}: a running resource whose utilization samples over the look-back say it is idle
 * ({@link Rightsizing#idle}): what it costs a month;</li>
 * <li>{@code RIGHTSIZE}: a running GPU resource that stays under the threshold, advised to a
 * smaller GPU share of the catalog ({@link Rightsizing#smaller}), the saving priced from the
 * catalog.</li>
 * </ul>
 */
@Service
public class AdviceService {
    private static final Set<Integer> LOOKBACKS = Set.of(7, 30, 60);
    private static final BigDecimal HOURS_PER_MONTH = PrepaidAdvice.HOURS_PER_MONTH;
    private final AdviceStore store;
    private final CostAnalysisService analysis;
    private final ResourceService resources;
    private final PackageService packages;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final UtilizationService utilization;
    private final Clock clock;

    AdviceService(AdviceStore store, CostAnalysisService analysis, ResourceService resources, PackageService packages,
                  CatalogService catalog, CustomerService customers, UtilizationService utilization, Clock clock) {
        this.utilization = utilization;
        this.store = store;
        this.analysis = analysis;
        this.resources = resources;
        this.packages = packages;
        this.catalog = catalog;
        this.customers = customers;
        this.clock = clock;
    }

    /** One piece of advice: its key, kind, subject, the monthly saving it promises and its figures. */
    public record Advice(String key, String kind, String resourceId, BigDecimal monthlySaving,
                         Map<String, String> details) {
    }

    public List<Advice> advice(String customerId, Integer lookbackDays) {
        Customer customer = customers.customer(customerId);
        int lookback = lookbackDays == null ? 30 : lookbackDays;
        if (!LOOKBACKS.contains(lookback)) {
            throw Failure.invalid("invalid-lookback", "lookbackDays is 7, 30 or 60");
        }
        Set<String> dismissed = store.dismissed(customerId);
        List<Advice> out = new ArrayList<>();
        PriceBook prices = catalog.priceBook();
        Map<String, ResourceType> types = new HashMap<>();
        catalog.resourceTypes().forEach(t -> types.putIfAbsent(t.code(), t));
        Map<String, BigDecimal> hours = nodeHours(customerId, lookback);
        Map<String, UtilizationService.Stats> usage = utilization(customerId, lookback);
        Instant now = clock.instant();
        String after = "";
        List<Resource> page;
        do {
            page = resources.page(customerId, after, 500);
            for (Resource r : page) {
                after = r.id();
                prepaid(r, customer, types.get(r.resourceType()), hours, lookback, prices, now).ifPresent(out::add);
                stoppedDisk(r, customer, prices, now).ifPresent(out::add);
                UtilizationService.Stats u = usage.get(r.id());
                if (u != null && r.state() == ResourceState.RUNNING && r.poolId() == null) {
                    Terms terms = new Terms(r, customer, prices, now, perMonth(r, hours, lookback));
                    idle(terms, u).or(() -> rightsize(terms, u)).ifPresent(out::add);
                }
            }
        } while (page.size() == 500);
        String cursor = null;
        List<PackageService.PackageBalance> held;
        do {
            held = packages.page(customerId, null, cursor, 500);
            for (PackageService.PackageBalance b : held) {
                cursor = b.pkg().id();
                underused(b, now).ifPresent(out::add);
            }
        } while (held.size() == 500);
        out.removeIf(a -> dismissed.contains(a.key()));
        out.sort((a, b) -> b.monthlySaving().compareTo(a.monthlySaving()));
        return out;
    }

    @Transactional
    public void dismiss(String customerId, String key) {
        customers.customer(customerId);
        if (key == null || key.isBlank() || key.length() > 200) {
            throw Failure.invalid("invalid-key", "an advice key is 1-200 characters");
        }
        store.dismiss(customerId, key, clock.instant());
    }

    /** Node-hours of each pay-per-use resource over the last {@code days} whole days. */
    private Map<String, BigDecimal> nodeHours(String customerId, int days) {
        LocalDate today = LocalDate.now(clock);
        Map<String, BigDecimal> out = new HashMap<>();
        var report = analysis.analyse(customerId, new CostQuery(today.minusDays(days), today,
                CostQuery.Granularity.MONTHLY, io.tollgate.billing.DailyCost.View.ORIGINAL, CostQuery.Measure.USAGE,
                List.of(CostQuery.Dimension.of(CostQuery.Kind.RESOURCE)),
                Map.of(CostQuery.Dimension.of(CostQuery.Kind.BILLING_MODE), Set.of("PAY_PER_USE"))));
        for (CostAnalysisService.Row row : report.rows()) {
            if ("HOUR".equals(row.keys().get(1))) {
                out.merge(row.keys().get(0), row.usage(), BigDecimal::add);
            }
        }
        return out;
    }

    private java.util.Optional<Advice> prepaid(Resource r, Customer c, ResourceType type, Map<String, BigDecimal> hours,
                                               int lookback, PriceBook prices, Instant now) {
        if (r.state() != ResourceState.RUNNING || r.billingMode() != BillingMode.PAY_PER_USE || type == null
                || !type.prepaidAllowed() || !hours.containsKey(r.id())) {
            return java.util.Optional.empty();
        }
        PriceVersion hourly = prices.inForce(r.specCode(), r.region(), BillingMode.PAY_PER_USE, c.currency(), Unit.HOUR, now);
        PriceVersion monthly = prices.inForce(r.specCode(), r.region(), BillingMode.YEARLY_MONTHLY, c.currency(),
                Unit.MONTH, now);
        if (hourly == null || monthly == null) {
            return java.util.Optional.empty();
        }
        int nodes = Math.max(r.nodes(), 1);
        BigDecimal perMonth = perMonth(r, hours, lookback);
        return PrepaidAdvice.monthly(hourly.unitPrice(), monthly.unitPrice(), nodes, perMonth).map(a -> {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("lookbackDays", Integer.toString(lookback));
            d.put("hoursPerMonth", perMonth.toPlainString());
            d.put("nodes", Integer.toString(nodes));
            d.put("payPerUseMonthly", a.payPerUseMonthly().toPlainString());
            d.put("termMonthly", a.termMonthly().toPlainString());
            d.put("breakEvenHours", a.breakEvenHours().toPlainString());
            d.put("breakEvenDays", a.breakEvenDays().toPlainString());
            d.put("specCode", r.specCode());
            return new Advice("prepaid:" + r.id(), "PREPAID", r.id(), a.monthlySaving(), d);
        });
    }

    /**
     * The hours a month a pay-per-use resource runs: its node-hours over the look-back per node,
     * scaled from the look-back's hours to 730; null without billed hours.
     */
    private static BigDecimal perMonth(Resource r, Map<String, BigDecimal> hours, int lookback) {
        BigDecimal h = hours.get(r.id());
        if (h == null) {
            return null;
        }
        return h.divide(BigDecimal.valueOf(Math.max(r.nodes(), 1)), 10, RoundingMode.HALF_UP)
                .multiply(HOURS_PER_MONTH).divide(BigDecimal.valueOf(lookback * 24L), 1, RoundingMode.HALF_UP);
    }

    /** The utilization of each resource with samples over the last {@code days} whole days. */
    private Map<String, UtilizationService.Stats> utilization(String customerId, int days) {
        LocalDate today = LocalDate.now(clock);
        Map<String, UtilizationService.Stats> out = new HashMap<>();
        utilization.stats(customerId, today.minusDays(days).atStartOfDay(clock.getZone()).toInstant(),
                today.atStartOfDay(clock.getZone()).toInstant()).forEach(s -> out.put(s.resourceId(), s));
        return out;
    }

    /**
     * What a resource pays a month for its spec: pay-per-use, the hourly price x its hours a month
     * x nodes; yearly/monthly, the monthly price x nodes (what the next renewal costs).
     */
    private record Terms(Resource r, Customer c, PriceBook prices, Instant now, BigDecimal hoursPerMonth) {
        /** The spec's price in force in the resource's mode (per hour or per month), or null. */
        BigDecimal price(String specCode) {
            PriceVersion v = r.billingMode() == BillingMode.PAY_PER_USE
                    ? prices.inForce(specCode, r.region(), BillingMode.PAY_PER_USE, c.currency(), Unit.HOUR, now)
                    : prices.inForce(specCode, r.region(), BillingMode.YEARLY_MONTHLY, c.currency(), Unit.MONTH, now);
            return v == null ? null : v.unitPrice();
        }

        /** {@code price} (per hour or month) as the month's cost, or null when the hours are unknown. */
        BigDecimal monthly(BigDecimal price) {
            BigDecimal n = BigDecimal.valueOf(Math.max(r.nodes(), 1));
            if (r.billingMode() == BillingMode.PAY_PER_USE) {
                return hoursPerMonth == null ? null
                        : price.multiply(hoursPerMonth.min(HOURS_PER_MONTH)).multiply(n).setScale(2, RoundingMode.HALF_UP);
            }
            return price.multiply(n).setScale(2, RoundingMode.HALF_UP);
        }

        Map<String, String> details(UtilizationService.Stats u) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("specCode", r.specCode());
            d.put("billingMode", r.billingMode().name());
            d.put("samples", Long.toString(u.samples()));
            if (u.gpuP95() != null) {
                d.put("gpuUtilP95", u.gpuP95().toPlainString());
            }
            d.put("memoryUtilP95", u.memoryP95().toPlainString());
            if (r.billingMode() == BillingMode.PAY_PER_USE) {
                d.put("hoursPerMonth", hoursPerMonth.toPlainString());
            }
            return d;
        }
    }

    private static java.util.Optional<Advice> idle(Terms t, UtilizationService.Stats u) {
        if (!Rightsizing.idle(u.samples(), u.gpuP95(), u.memoryP95())) {
            return java.util.Optional.empty();
        }
        BigDecimal price = t.price(t.r().specCode());
        BigDecimal monthly = price == null ? null : t.monthly(price);
        if (monthly == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> d = t.details(u);
        d.put("monthlyCost", monthly.toPlainString());
        d.put("action", t.r().billingMode() == BillingMode.PAY_PER_USE ? "STOP_OR_DELETE" : "DO_NOT_RENEW");
        return java.util.Optional.of(new Advice("idle:" + t.r().id(), "IDLE", t.r().id(), monthly, d));
    }

    private java.util.Optional<Advice> rightsize(Terms t, UtilizationService.Stats u) {
        Spec spec = catalog.spec(t.r().specCode());
        BigDecimal price = spec.gpuModel() == null ? null : t.price(spec.code());
        if (price == null) {
            return java.util.Optional.empty();
        }
        Rightsizing.Share current = new Rightsizing.Share(spec.code(), spec.gpuCardsNumerator(),
                spec.gpuCardsDenominator(), price);
        List<Rightsizing.Share> shares = new ArrayList<>();
        for (Spec s : catalog.specs()) {
            BigDecimal p = s.gpuModel() != null && s.gpuModel().equals(spec.gpuModel()) && !s.code().equals(spec.code())
                    && s.serviceType().equals(spec.serviceType()) && s.kind() == spec.kind() ? t.price(s.code()) : null;
            if (p != null) {
                shares.add(new Rightsizing.Share(s.code(), s.gpuCardsNumerator(), s.gpuCardsDenominator(), p));
            }
        }
        return Rightsizing.smaller(current, u.samples(), u.gpuP95(), u.memoryP95(), shares).flatMap(to -> {
            BigDecimal now = t.monthly(current.price());
            BigDecimal then = t.monthly(to.price());
            if (now == null) {
                return java.util.Optional.empty();
            }
            Map<String, String> d = t.details(u);
            d.put("gpuShare", current.numerator() + "/" + current.denominator());
            d.put("toSpecCode", to.specCode());
            d.put("toGpuShare", to.numerator() + "/" + to.denominator());
            d.put("monthlyCost", now.toPlainString());
            d.put("toMonthlyCost", then.toPlainString());
            return java.util.Optional.of(new Advice("rightsize:" + t.r().id(), "RIGHTSIZE", t.r().id(),
                    now.subtract(then), d));
        });
    }

    private java.util.Optional<Advice> stoppedDisk(Resource r, Customer c, PriceBook prices, Instant now) {
        if (r.state() != ResourceState.STOPPED || r.diskSpecCode() == null || r.diskGb() == null || r.diskGb() <= 0
                || r.billingMode() != BillingMode.PAY_PER_USE) {
            return java.util.Optional.empty();
        }
        PriceVersion gbHour = prices.inForce(r.diskSpecCode(), r.region(), BillingMode.PAY_PER_USE, c.currency(),
                Unit.GB_HOUR, now);
        if (gbHour == null) {
            return java.util.Optional.empty();
        }
        // the disk bills every hour the resource is stopped: GB x GB-hour price x 730 a month
        BigDecimal monthly = gbHour.unitPrice().multiply(BigDecimal.valueOf(r.diskGb())).multiply(HOURS_PER_MONTH)
                .setScale(2, RoundingMode.HALF_UP);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("diskSpecCode", r.diskSpecCode());
        d.put("diskGb", Integer.toString(r.diskGb()));
        d.put("diskMonthly", monthly.toPlainString());
        return java.util.Optional.of(new Advice("stopped-disk:" + r.id(), "STOPPED_DISK", r.id(), monthly, d));
    }

    private static java.util.Optional<Advice> underused(PackageService.PackageBalance b, Instant now) {
        ResourcePackage p = b.pkg();
        boolean monthly = p.period() == ResourcePackage.Period.MONTHLY;
        Instant since = monthly ? b.periodStart() : p.startsAt();
        Duration within = Duration.ofDays(monthly ? 14 : 7);
        BigDecimal floor = new BigDecimal(monthly ? "0.40" : "0.20");
        if (since == null || now.isBefore(since.plus(within)) || !now.isBefore(p.expiresAt())) {
            return java.util.Optional.empty();
        }
        BigDecimal used = (monthly ? b.consumed() : b.consumedTotal()).divide(p.quota(), 4, RoundingMode.HALF_UP);
        if (used.compareTo(floor) >= 0) {
            return java.util.Optional.empty();
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("meter", p.meter());
        d.put("quota", p.quota().stripTrailingZeros().toPlainString());
        d.put("usedShare", used.toPlainString());
        d.put("threshold", floor.toPlainString());
        d.put("afterDays", Long.toString(within.toDays()));
        return java.util.Optional.of(new Advice("package:" + p.id(), "UNDERUSED_PACKAGE", p.id(), BigDecimal.ZERO, d));
    }
}
