package io.tollgate.cost;

import java.util.List;
import java.util.Map;

/**
 * A cost category (docs/cost.md): ordered rules, each giving {@code value} to the costs whose
 * {@code dimension} (as the analysis writes it: {@code enterpriseProject}, {@code tag:team}, ...)
 * is one of {@code values}; the first rule that matches wins, and what none matches takes
 * {@code defaultValue}. {@code splits} share costs out: a cost matching a split's source is split
 * among its targets ({@link #distribute}), the parts adding up exactly to it.
 */
public record CostCategory(long id, String customerId, String name, List<Rule> rules, String defaultValue,
                           List<Split> splits, java.time.Instant savedAt) {
    public record Rule(String value, String dimension, List<String> values) {
        CostQuery.Dimension parsed() {
            return CostQuery.Dimension.parse(dimension);
        }
    }

    public enum Method { EVEN, PROPORTIONAL, FIXED }

    /** Costs whose {@code dimension} is one of {@code values} go to {@code targets} by {@code method}. */
    public record Split(String dimension, List<String> values, Method method, List<String> targets,
                        List<java.math.BigDecimal> percents) {
        CostQuery.Dimension parsed() {
            return CostQuery.Dimension.parse(dimension);
        }
    }

    /** The first split whose source holds a cost of these dimension values, if any. */
    public java.util.Optional<Split> splitOf(Map<CostQuery.Dimension, String> values) {
        for (Split s : splits) {
            String v = values.get(s.parsed());
            if (v != null && s.values().contains(v)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code amount} (at most two decimals) in parts by {@code weights} (non-negative; all zero:
     * even), to the cent: each part the floor of its share in cents, the cents left to the largest
     * remainders (the first target first on ties), so the parts add up exactly.
     */
    public static List<java.math.BigDecimal> distribute(java.math.BigDecimal amount, List<java.math.BigDecimal> weights) {
        long cents = amount.setScale(2, java.math.RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        long sign = Long.signum(cents);
        long total = Math.abs(cents);
        java.math.BigDecimal sum = weights.stream().reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        List<java.math.BigDecimal> w = sum.signum() == 0
                ? java.util.Collections.nCopies(weights.size(), java.math.BigDecimal.ONE) : weights;
        java.math.BigDecimal wsum = sum.signum() == 0 ? java.math.BigDecimal.valueOf(weights.size()) : sum;
        long[] parts = new long[w.size()];
        java.math.BigDecimal[] rest = new java.math.BigDecimal[w.size()];
        long given = 0;
        for (int i = 0; i < w.size(); i++) {
            java.math.BigDecimal exact = java.math.BigDecimal.valueOf(total).multiply(w.get(i))
                    .divide(wsum, 12, java.math.RoundingMode.DOWN);
            parts[i] = exact.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            rest[i] = exact.subtract(java.math.BigDecimal.valueOf(parts[i]));
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < w.size(); i++) {
                if (rest[i].compareTo(rest[best]) > 0) {
                    best = i;
                }
            }
            parts[best]++;
            rest[best] = java.math.BigDecimal.valueOf(-1);
        }
        List<java.math.BigDecimal> out = new java.util.ArrayList<>(w.size());
        for (long p : parts) {
            out.add(java.math.BigDecimal.valueOf(sign * p, 2));
        }
        return out;
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
