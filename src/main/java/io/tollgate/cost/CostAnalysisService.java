package io.tollgate.cost;

import io.tollgate.billing.AmortizationService;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.cost.CostQuery.Dimension;
import io.tollgate.cost.CostQuery.Kind;
import io.tollgate.customer.CustomerService;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.settlement.FeeGroups;
import io.tollgate.settlement.FeeReads;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Cost analysis (issue 10 part 1, docs/cost.md): a customer's cost (or usage) over days, daily or
 * monthly, grouped by up to two dimensions and filtered by any. Pay-per-use comes from the
 * per-hour totals settlement keeps as it writes lines (the fee lines only when the single resource
 * is asked for); prepaid money from amortization's
 * prepaid costs (a few rows a resource), in the asked view. Both are summed into one set of rows.
 */
@Service
public class CostAnalysisService {
    /** The billing mode of every prepaid row. */
    static final String PREPAID_MODE = "YEARLY_MONTHLY";
    /** The group value of a tag a resource does not have. */
    public static final String UNTAGGED = "";

    private final FeeReads fees;
    private final AmortizationService amortization;
    private final CatalogService catalog;
    private final ResourceService resources;
    private final CustomerService customers;
    private final CategoryService categories;
    private final Clock clock;

    CostAnalysisService(FeeReads fees, AmortizationService amortization, CatalogService catalog,
                        ResourceService resources, CustomerService customers, CategoryService categories,
                        Clock clock) {
        this.fees = fees;
        this.categories = categories;
        this.clock = clock;
        this.amortization = amortization;
        this.catalog = catalog;
        this.resources = resources;
        this.customers = customers;
    }

    /** One row: the start of its period (an hour, a day, a month, in the billing zone), its group values, its sums. */
    public record Row(LocalDateTime period, List<String> keys, BigDecimal cost, BigDecimal usage) {
    }

    public record Report(String currency, CostQuery query, List<Row> rows, BigDecimal total) {
    }

    public Report analyse(String customerId, CostQuery q) {
        boolean categorized = q.groupBy().stream().anyMatch(d -> d.kind() == Kind.COST_CATEGORY)
                || q.filters().keySet().stream().anyMatch(d -> d.kind() == Kind.COST_CATEGORY);
        return categorized ? categorized(customerId, q) : plain(customerId, q);
    }

    /**
     * A question naming cost categories: asked again grouped by the dimensions their rules read
     * (with the other group-bys and filters), each row then given its category values, filtered
     * and summed again by the asked group-by.
     */
    private Report categorized(String customerId, CostQuery q) {
        Map<String, List<CostCategory>> cats = new java.util.LinkedHashMap<>();
        java.util.stream.Stream.concat(q.groupBy().stream(), q.filters().keySet().stream())
                .filter(d -> d.kind() == Kind.COST_CATEGORY)
                .forEach(d -> cats.computeIfAbsent(d.tagKey(), n -> categories.versions(customerId, n)));
        List<Dimension> base = new ArrayList<>();
        q.groupBy().stream().filter(d -> d.kind() != Kind.COST_CATEGORY).forEach(base::add);
        cats.values().stream().flatMap(List::stream).forEach(c -> {
            c.rules().forEach(r -> {
                if (!base.contains(r.parsed())) {
                    base.add(r.parsed());
                }
            });
            c.splits().forEach(sp -> {
                if (!base.contains(sp.parsed())) {
                    base.add(sp.parsed());
                }
            });
        });
        Map<Dimension, Set<String>> baseFilters = new java.util.LinkedHashMap<>(q.filters());
        baseFilters.keySet().removeIf(d -> d.kind() == Kind.COST_CATEGORY);
        Report inner = plain(customerId, new CostQuery(q.from(), q.toExclusive(), q.granularity(), q.view(),
                q.measure(), base, baseFilters));
        // the category whose split rules apply: the first one asked that has any (cost only)
        String splitting = q.measure() == CostQuery.Measure.USAGE ? null
                : java.util.stream.Stream.concat(q.groupBy().stream(), q.filters().keySet().stream())
                .filter(d -> d.kind() == Kind.COST_CATEGORY).map(Dimension::tagKey)
                .filter(n -> cats.get(n).stream().anyMatch(c -> !c.splits().isEmpty())).findFirst().orElse(null);
        java.time.ZoneId zone = clock.getZone();
        // first pass: each row's dimension and category values; the targets' own cost per period
        record Item(Row row, Map<Dimension, String> values, Map<String, String> categories,
                    CostCategory.Split split) {
        }
        List<Item> items = new ArrayList<>();
        Map<LocalDateTime, Map<String, BigDecimal>> own = new HashMap<>();
        for (Row row : inner.rows()) {
            Map<Dimension, String> values = new HashMap<>();
            for (int i = 0; i < base.size(); i++) {
                values.put(base.get(i), row.keys().get(i));
            }
            // each category as the version in force at the end of the row's month allocates it
            Map<String, String> categoryValues = new HashMap<>();
            cats.forEach((name, v) -> categoryValues.put(name, CategoryService.inForce(v, row.period().toLocalDate(),
                    zone).valueOf(values)));
            CostCategory.Split split = splitting == null ? null : CategoryService.inForce(cats.get(splitting),
                    row.period().toLocalDate(), zone).splitOf(values).orElse(null);
            if (splitting != null && split == null) {
                own.computeIfAbsent(row.period(), p -> new HashMap<>())
                        .merge(categoryValues.get(splitting), row.cost(), BigDecimal::add);
            }
            items.add(new Item(row, values, categoryValues, split));
        }
        // second pass: a split source's cost goes to its targets, to the cent; then filters and groups
        Map<Key, BigDecimal[]> sums = new TreeMap<>();
        for (Item it : items) {
            List<Map<String, String>> partValues = new ArrayList<>();
            List<BigDecimal> partCosts = new ArrayList<>();
            List<BigDecimal> partUsage = new ArrayList<>();
            if (it.split() == null) {
                partValues.add(it.categories());
                partCosts.add(it.row().cost());
                partUsage.add(it.row().usage());
            } else {
                CostCategory.Split sp = it.split();
                List<BigDecimal> weights = switch (sp.method()) {
                    case EVEN -> java.util.Collections.nCopies(sp.targets().size(), BigDecimal.ONE);
                    case FIXED -> sp.percents();
                    case PROPORTIONAL -> sp.targets().stream().map(t -> own.getOrDefault(it.row().period(), Map.of())
                            .getOrDefault(t, BigDecimal.ZERO).max(BigDecimal.ZERO)).toList();
                };
                List<BigDecimal> amounts = CostCategory.distribute(it.row().cost(), weights);
                for (int i = 0; i < sp.targets().size(); i++) {
                    Map<String, String> v = new HashMap<>(it.categories());
                    v.put(splitting, sp.targets().get(i));
                    partValues.add(v);
                    partCosts.add(amounts.get(i));
                    partUsage.add(BigDecimal.ZERO);
                }
            }
            parts:
            for (int p = 0; p < partValues.size(); p++) {
                Map<String, String> categoryValues = partValues.get(p);
                for (var f : q.filters().entrySet()) {
                    if (f.getKey().kind() == Kind.COST_CATEGORY
                            && !f.getValue().contains(categoryValues.get(f.getKey().tagKey()))) {
                        continue parts;
                    }
                }
                List<String> keys = new ArrayList<>();
                for (Dimension d : q.groupBy()) {
                    keys.add(d.kind() == Kind.COST_CATEGORY ? categoryValues.get(d.tagKey()) : it.values().get(d));
                }
                if (q.measure() == CostQuery.Measure.USAGE) {
                    keys.add(it.row().keys().get(base.size()));
                }
                add(sums, new Key(it.row().period(), keys), partCosts.get(p), partUsage.get(p));
            }
        }
        return report(inner.currency(), q, sums);
    }

    private Report plain(String customerId, CostQuery q) {
        String currency = customers.customer(customerId).currency();
        Map<String, String> services = services();
        Map<Key, BigDecimal[]> sums = new TreeMap<>();
        payPerUse(customerId, q, services, sums);
        prepaid(customerId, q, services, sums);
        return report(currency, q, sums);
    }

    private static Report report(String currency, CostQuery q, Map<Key, BigDecimal[]> sums) {
        List<Row> rows = new ArrayList<>(sums.size());
        BigDecimal total = BigDecimal.ZERO;
        for (var e : sums.entrySet()) {
            rows.add(new Row(e.getKey().period(), e.getKey().keys(), e.getValue()[0], e.getValue()[1]));
            total = total.add(e.getValue()[0]);
        }
        return new Report(currency, q, rows, total);
    }

    /** A row's identity: period, then group values (null sorts first). */
    private record Key(LocalDateTime period, List<String> keys) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = period.compareTo(o.period);
            for (int i = 0; c == 0 && i < keys.size(); i++) {
                String a = keys.get(i) == null ? "" : keys.get(i);
                String b = o.keys.get(i) == null ? "" : o.keys.get(i);
                c = a.compareTo(b);
            }
            return c;
        }
    }

    private static void add(Map<Key, BigDecimal[]> sums, Key key, BigDecimal cost, BigDecimal usage) {
        BigDecimal[] v = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        v[0] = v[0].add(cost);
        v[1] = v[1].add(usage);
    }

    /** The period of a day's prepaid cost: the day's start, or its month's (an hourly view puts it on 00:00). */
    private static LocalDateTime period(CostQuery q, LocalDate day) {
        return (q.granularity() == CostQuery.Granularity.MONTHLY ? day.withDayOfMonth(1) : day).atStartOfDay();
    }

    // ---- pay-per-use, from settlement's per-hour totals ----------------------------------------------------

    private void payPerUse(String customerId, CostQuery q, Map<String, String> services, Map<Key, BigDecimal[]> sums) {
        List<FeeGroups.Key> keys = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            keys.add(key(d));
        }
        boolean usage = q.measure() == CostQuery.Measure.USAGE;
        if (usage) {
            keys.add(FeeGroups.Key.of(FeeGroups.Field.UNIT));
        }
        Map<FeeGroups.Key, Set<String>> filters = new java.util.LinkedHashMap<>();
        for (var f : q.filters().entrySet()) {
            Set<String> values = f.getValue();
            if (f.getKey().kind() == Kind.SERVICE_TYPE) {
                // a service is the set of its resource types
                values = new java.util.LinkedHashSet<>();
                for (var s : services.entrySet()) {
                    if (f.getValue().contains(s.getValue())) {
                        values.add(s.getKey());
                    }
                }
            }
            filters.merge(key(f.getKey()), values, (a, b) -> {
                Set<String> both = new java.util.LinkedHashSet<>(a);
                both.retainAll(b);
                return both;
            });
        }
        ZoneId zone = clock.getZone();
        fees.groups(customerId, new FeeGroups.Query(q.from().atStartOfDay(zone).toInstant(),
                q.toExclusive().atStartOfDay(zone).toInstant(), zone,
                switch (q.granularity()) {
                    case HOURLY -> FeeGroups.Cut.HOUR;
                    case DAILY -> FeeGroups.Cut.DAY;
                    case MONTHLY -> FeeGroups.Cut.MONTH;
                }, keys, filters), g -> {
                    List<String> values = new ArrayList<>(g.keys());
                    for (int i = 0; i < q.groupBy().size(); i++) {
                        Dimension d = q.groupBy().get(i);
                        if (d.kind() == Kind.SERVICE_TYPE) {
                            values.set(i, serviceOf(services, values.get(i)));
                        } else if ((d.kind() == Kind.TAG || d.kind() == Kind.RUN) && values.get(i) == null) {
                            values.set(i, UNTAGGED);
                        }
                    }
                    add(sums, new Key(g.period(), values), g.charged(), usage ? g.usage() : BigDecimal.ZERO);
                });
    }

    /** The fee sums' key of a dimension; a service is grouped and filtered by its resource types. */
    private static FeeGroups.Key key(Dimension d) {
        return switch (d.kind()) {
            case SERVICE_TYPE, RESOURCE_TYPE -> FeeGroups.Key.of(FeeGroups.Field.RESOURCE_TYPE);
            case REGION -> FeeGroups.Key.of(FeeGroups.Field.REGION);
            case BILLING_MODE -> FeeGroups.Key.of(FeeGroups.Field.BILLING_MODE);
            case SPEC -> FeeGroups.Key.of(FeeGroups.Field.SPEC);
            case RECORD_TYPE -> FeeGroups.Key.of(FeeGroups.Field.KIND);
            case ENTERPRISE_PROJECT -> FeeGroups.Key.of(FeeGroups.Field.ENTERPRISE_PROJECT);
            case RESOURCE -> FeeGroups.Key.of(FeeGroups.Field.RESOURCE);
            case TAG -> new FeeGroups.Key(FeeGroups.Field.TAG, d.tagKey());
            case RUN -> FeeGroups.Key.of(FeeGroups.Field.RUN);
            case COST_CATEGORY -> throw new IllegalStateException("a category is asked through its rules' dimensions");
        };
    }

    // ---- prepaid, from amortization -----------------------------------------------------------------------

    private void prepaid(String customerId, CostQuery q, Map<String, String> services, Map<Key, BigDecimal[]> sums) {
        if (q.measure() == CostQuery.Measure.USAGE) {
            return;
        }
        Map<String, Optional<Resource>> owners = new HashMap<>();
        amortization.forEachPrepaidCost(customerId, q.from(), q.toExclusive(), q.view(), c -> {
            Optional<Resource> r = owners.computeIfAbsent(c.resourceId(), resources::find);
            Map<Kind, String> dims = new java.util.EnumMap<>(Kind.class);
            dims.put(Kind.SERVICE_TYPE, serviceOf(services, c.resourceType()));
            dims.put(Kind.RESOURCE_TYPE, c.resourceType());
            dims.put(Kind.REGION, c.region());
            dims.put(Kind.BILLING_MODE, PREPAID_MODE);
            dims.put(Kind.SPEC, c.specCode());
            dims.put(Kind.RECORD_TYPE, c.recordType().name());
            dims.put(Kind.ENTERPRISE_PROJECT, r.map(Resource::enterpriseProject).orElse("default"));
            dims.put(Kind.RESOURCE, c.resourceId());
            Map<String, String> tags = r.map(Resource::tags).orElse(Map.of());
            for (var f : q.filters().entrySet()) {
                if (!f.getValue().contains(value(f.getKey(), dims, tags))) {
                    return;
                }
            }
            List<String> keys = new ArrayList<>(q.groupBy().size());
            for (Dimension d : q.groupBy()) {
                keys.add(value(d, dims, tags));
            }
            add(sums, new Key(period(q, c.day()), keys), c.amount(), BigDecimal.ZERO);
        });
    }

    private static String value(Dimension d, Map<Kind, String> dims, Map<String, String> tags) {
        if (d.kind() == Kind.TAG) {
            String v = tags == null ? null : tags.get(d.tagKey());
            return v == null ? UNTAGGED : v;
        }
        if (d.kind() == Kind.RUN) {
            String run = io.tollgate.shared.Runs.of(tags);
            return run == null ? UNTAGGED : run;
        }
        return dims.get(d.kind());
    }

    // ---- the catalog --------------------------------------------------------------------------------------

    /** Service type by resource type code, from the catalog. */
    private Map<String, String> services() {
        Map<String, String> out = new HashMap<>();
        for (ResourceType t : catalog.resourceTypes()) {
            out.putIfAbsent(t.code(), t.serviceType());
        }
        return out;
    }

    /** The service of a resource type: the catalog's, else the code's prefix before the first dot. */
    static String serviceOf(Map<String, String> services, String resourceType) {
        String s = services.get(resourceType);
        if (s != null) {
            return s;
        }
        int dot = resourceType.indexOf('.');
        return dot < 0 ? resourceType : resourceType.substring(0, dot);
    }
}
