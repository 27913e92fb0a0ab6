package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.LocalDate;
import java.util.List;

/**
 * A cost analysis question as the API (and a saved report) writes it: either {@code from} and
 * {@code to} or a {@code preset} (relative to the day it is asked), granularity, view, measure,
 * {@code groupBy} (comma separated) and filters. {@link #query} turns it into a {@link CostQuery}
 * for a given day, refusing what is malformed.
 */
public record CostRequest(String from, String to, String preset, String granularity, String view, String measure,
                          String groupBy, List<String> filters) {

    public CostQuery query(LocalDate today) {
        LocalDate f;
        LocalDate t;
        CostQuery.Granularity g;
        if (preset != null) {
            if (from != null || to != null) {
                throw Failure.invalid("invalid-range", "give a preset or from and to, not both");
            }
            CostPeriods.Period p = CostPeriods.of(preset, today);
            f = p.from();
            t = p.toExclusive();
            g = p.granularity();
        } else {
            if (from == null || to == null) {
                throw Failure.invalid("invalid-range", "from and to (or a preset) are required");
            }
            f = Text.day(from, "from");
            t = Text.day(to, "to");
            g = CostQuery.Granularity.DAILY;
        }
        if (granularity != null) {
            g = Text.enumValue(CostQuery.Granularity.class, granularity, "granularity");
        }
        DailyCost.View v = view == null ? DailyCost.View.AMORTIZED : Text.enumValue(DailyCost.View.class, view, "view");
        CostQuery.Measure m = measure == null ? CostQuery.Measure.COST
                : Text.enumValue(CostQuery.Measure.class, measure, "measure");
        List<CostQuery.Dimension> groups = groupBy == null || groupBy.isBlank() ? List.of()
                : java.util.Arrays.stream(groupBy.split(",")).map(String::trim).map(CostQuery.Dimension::parse).toList();
        if (groups.size() > CostQuery.MAX_GROUPS) {
            throw Failure.invalid("invalid-group-by", "group by at most " + CostQuery.MAX_GROUPS + " dimensions");
        }
        return new CostQuery(f, t, g, v, m, groups, CostQuery.filters(filters == null ? List.of() : filters));
    }
}
