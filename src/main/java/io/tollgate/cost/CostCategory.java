package io.tollgate.cost;

import java.util.List;
import java.util.Map;

/**
 * A cost category (docs/cost.md): ordered rules, each giving {@code value} to the costs whose
 * {@code dimension} (as the analysis writes it: {@code enterpriseProject}, {@code tag:team}, ...)
 * is one of {@code values}; the first rule that matches wins, and what none matches takes
 * {@code defaultValue}.
 */
public record CostCategory(long id, String customerId, String name, List<Rule> rules, String defaultValue) {
    public record Rule(String value, String dimension, List<String> values) {
        CostQuery.Dimension parsed() {
            return CostQuery.Dimension.parse(dimension);
        }
    }

    /** The category value of a cost whose dimensions have {@code values}. */
    public String valueOf(Map<CostQuery.Dimension, String> values) {
        for (Rule r : rules) {
            String v = values.get(r.parsed());
            if (v != null && r.values().contains(v)) {
                return r.value();
            }
        }
        return defaultValue;
    }
}
