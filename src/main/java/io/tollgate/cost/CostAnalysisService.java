package io.tollgate.cost;

import static io.tollgate.shared.SqlText.literal;

import io.tollgate.billing.AmortizationService;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.cost.CostQuery.Dimension;
import io.tollgate.cost.CostQuery.Kind;
import io.tollgate.cost.store.CostStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
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
 * aggregate {@code cost_day_usage} (never from the fee lines); prepaid money from amortization's
 * prepaid costs (a few rows a resource), in the asked view. Both are summed into one set of rows.
 */
@Service
public class CostAnalysisService {
    /** The billing mode of every prepaid row. */
    static final String PREPAID_MODE = "YEARLY_MONTHLY";
    /** The group value of a tag a resource does not have. */
    public static final String UNTAGGED = "";

    private final CostStore store;
    private final AmortizationService amortization;
    private final CatalogService catalog;
    private final ResourceService resources;
    private final CustomerService customers;

    CostAnalysisService(CostStore store, AmortizationService amortization, CatalogService catalog,
                        ResourceService resources, CustomerService customers, Clock clock) {
        this.store = store;
        this.amortization = amortization;
        this.catalog = catalog;
        this.resources = resources;
        this.customers = customers;
        store.alignZone(clock.getZone());
    }

    /** One row: its period (a day, or a month's first day), its group values in groupBy order, and sums. */
    public record Row(LocalDate period, List<String> keys, BigDecimal cost, BigDecimal usage) {
    }

    public record Report(String currency, CostQuery query, List<Row> rows, BigDecimal total) {
    }

    public Report analyse(String customerId, CostQuery q) {
        String currency = customers.customer(customerId).currency();
        Map<String, String> services = services();
        Map<Key, BigDecimal[]> sums = new TreeMap<>();
        payPerUse(customerId, q, services, sums);
        prepaid(customerId, q, services, sums);
        List<Row> rows = new ArrayList<>(sums.size());
        BigDecimal total = BigDecimal.ZERO;
        for (var e : sums.entrySet()) {
            rows.add(new Row(e.getKey().period(), e.getKey().keys(), e.getValue()[0], e.getValue()[1]));
            total = total.add(e.getValue()[0]);
        }
        return new Report(currency, q, rows, total);
    }

    /** A row's identity: period, then group values (null sorts first). */
    private record Key(LocalDate period, List<String> keys) implements Comparable<Key> {
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

    private LocalDate period(CostQuery q, LocalDate day) {
        return q.granularity() == CostQuery.Granularity.MONTHLY ? day.withDayOfMonth(1) : day;
    }

    // ---- pay-per-use, from the aggregate ------------------------------------------------------------------

    private void payPerUse(String customerId, CostQuery q, Map<String, String> services, Map<Key, BigDecimal[]> sums) {
        List<String> keys = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            keys.add(column(d));
        }
        boolean usage = q.measure() == CostQuery.Measure.USAGE;
        if (usage) {
            keys.add("unit");
        }
        StringJoiner where = new StringJoiner(" and ");
        List<Object> args = new ArrayList<>();
        for (var f : q.filters().entrySet()) {
            Set<String> values = f.getValue();
            if (f.getKey().kind() == Kind.SERVICE_TYPE) {
                values = new java.util.LinkedHashSet<>();
                for (var s : services.entrySet()) {
                    if (f.getValue().contains(s.getValue())) {
                        values.add(s.getKey());
                    }
                }
            }
            where.add(condition(f.getKey(), values, args));
        }
        store.groups(customerId, q.from(), q.toExclusive(), q.granularity() == CostQuery.Granularity.MONTHLY, keys,
                where.toString(), args, g -> {
                    List<String> values = new ArrayList<>(g.keys());
                    for (int i = 0; i < q.groupBy().size(); i++) {
                        Dimension d = q.groupBy().get(i);
                        if (d.kind() == Kind.SERVICE_TYPE) {
                            values.set(i, serviceOf(services, values.get(i)));
                        } else if (d.kind() == Kind.TAG && values.get(i) == null) {
                            values.set(i, UNTAGGED);
                        }
                    }
                    add(sums, new Key(g.period(), values), g.cost(), usage ? g.usage() : BigDecimal.ZERO);
                });
    }

    /** The aggregate's column (or expression) a dimension groups by; a service is grouped by its types. */
    private static String column(Dimension d) {
        return switch (d.kind()) {
            case SERVICE_TYPE, RESOURCE_TYPE -> "resource_type";
            case REGION -> "region";
            case BILLING_MODE -> "billing_mode";
            case SPEC -> "spec_code";
            case RECORD_TYPE -> "kind";
            case ENTERPRISE_PROJECT -> "enterprise_project";
            case RESOURCE -> "resource_id";
            case TAG -> "tags ->> " + literal(d.tagKey());
        };
    }

    private static String condition(Dimension d, Set<String> values, List<Object> args) {
        List<String> named = values.stream().filter(v -> d.kind() != Kind.TAG || !v.equals(UNTAGGED)).toList();
        StringJoiner in = new StringJoiner(", ", column(d) + " in (", ")");
        named.forEach(v -> {
            in.add("?");
            args.add(v);
        });
        String any = named.isEmpty() ? "false" : in.toString();
        if (d.kind() == Kind.TAG && values.contains(UNTAGGED)) {
            return "(" + any + " or " + column(d) + " is null)";
        }
        return any;
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
