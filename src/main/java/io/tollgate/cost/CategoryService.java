package io.tollgate.cost;

import io.tollgate.cost.store.CategoryStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A customer's cost categories (docs/cost.md): kept by name, checked when saved, looked up by the analysis. */
@Service
public class CategoryService {
    static final int MAX_CATEGORIES = 50;
    static final int MAX_RULES = 100;
    public static final String UNALLOCATED = "unallocated";
    private final CategoryStore store;
    private final CustomerService customers;
    private final Clock clock;

    CategoryService(CategoryStore store, CustomerService customers, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    public record CategoryRequest(List<CostCategory.Rule> rules, String defaultValue, List<CostCategory.Split> splits) {
    }

    @Transactional
    public CostCategory save(String customerId, String name, CategoryRequest r) {
        customers.customer(customerId);
        CostQuery.Dimension.parse("category:" + name);
        if (r == null || r.rules() == null || r.rules().isEmpty() || r.rules().size() > MAX_RULES) {
            throw Failure.invalid("invalid-rules", "a cost category has 1-" + MAX_RULES + " rules");
        }
        for (CostCategory.Rule rule : r.rules()) {
            if (rule == null || rule.value() == null || rule.value().isBlank() || rule.value().length() > 100
                    || rule.values() == null || rule.values().isEmpty() || rule.values().size() > 100) {
                throw Failure.invalid("invalid-rules", "a rule names its value (1-100 characters), its dimension and "
                        + "1-100 values");
            }
            Text.requireClean("value", rule.value());
            rule.values().forEach(v -> Text.requireClean("values", v == null ? "" : v));
            if (rule.parsed().kind() == CostQuery.Kind.COST_CATEGORY) {
                throw Failure.invalid("invalid-rules", "a rule matches on a dimension of the costs, not on a category");
            }
        }
        List<CostCategory.Split> splits = r.splits() == null ? List.of() : List.copyOf(r.splits());
        if (splits.size() > 20) {
            throw Failure.invalid("invalid-splits", "at most 20 split rules");
        }
        for (CostCategory.Split sp : splits) {
            if (sp == null || sp.dimension() == null || sp.values() == null || sp.values().isEmpty()
                    || sp.method() == null || sp.targets() == null || sp.targets().isEmpty() || sp.targets().size() > 50
                    || sp.targets().stream().distinct().count() != sp.targets().size()) {
                throw Failure.invalid("invalid-splits", "a split names its source (dimension and values), a method "
                        + "(EVEN, PROPORTIONAL, FIXED) and 1-50 different targets");
            }
            if (sp.parsed().kind() == CostQuery.Kind.COST_CATEGORY) {
                throw Failure.invalid("invalid-splits", "a split's source is a dimension of the costs, not a category");
            }
            sp.targets().forEach(t -> Text.requireClean("targets", t == null ? "" : t));
            if (sp.method() == CostCategory.Method.FIXED) {
                if (sp.percents() == null || sp.percents().size() != sp.targets().size()
                        || sp.percents().stream().anyMatch(p -> p == null || p.signum() < 0 || p.scale() > 4)
                        || sp.percents().stream().reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                        .compareTo(java.math.BigDecimal.valueOf(100)) != 0) {
                    throw Failure.invalid("invalid-splits", "FIXED percents, one a target, add up to 100");
                }
            } else if (sp.percents() != null && !sp.percents().isEmpty()) {
                throw Failure.invalid("invalid-splits", "percents belong to a FIXED split only");
            }
        }
        String fallback = r.defaultValue() == null || r.defaultValue().isBlank() ? UNALLOCATED : r.defaultValue();
        Text.requireClean("defaultValue", fallback);
        if (store.find(customerId, name).isEmpty() && store.count(customerId) >= MAX_CATEGORIES) {
            throw Failure.unprocessable("category-limit", "a customer has at most " + MAX_CATEGORIES + " categories");
        }
        store.save(customerId, name, List.copyOf(r.rules()), fallback, splits, clock.instant());
        return store.find(customerId, name).orElseThrow();
    }

    public List<CostCategory> list(String customerId) {
        customers.customer(customerId);
        return store.list(customerId);
    }

    /** The saved versions of the category the analysis names, oldest first; unknown ones are refused. */
    public List<CostCategory> versions(String customerId, String name) {
        List<CostCategory> v = store.versions(customerId, name);
        if (v.isEmpty()) {
            throw Failure.invalid("unknown-category", "no cost category '" + name + "'");
        }
        return v;
    }

    /** The version that allocates the month holding {@code day}: the latest saved before the month ended. */
    public static CostCategory inForce(List<CostCategory> versions, java.time.LocalDate day, java.time.ZoneId zone) {
        java.time.Instant monthEnd = day.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
        CostCategory pick = versions.get(0);
        for (CostCategory c : versions) {
            if (c.savedAt().isBefore(monthEnd)) {
                pick = c;
            }
        }
        return pick;
    }

    @Transactional
    public void delete(String customerId, String name) {
        customers.customer(customerId);
        if (!store.delete(customerId, name)) {
            throw Failure.notFound("unknown-category", "no cost category '" + name + "'");
        }
    }
}
