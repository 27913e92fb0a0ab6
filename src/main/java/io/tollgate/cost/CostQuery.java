package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.shared.Failure;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cost analysis question (docs/cost.md): the days [from, toExclusive), daily or monthly, in the
 * original or amortized view, grouped by at most two dimensions and filtered by any (each filter
 * a set of allowed values; for a tag, the empty value is "untagged", for a run "no run").
 */
public record CostQuery(LocalDate from, LocalDate toExclusive, Granularity granularity, DailyCost.View view,
                        Measure measure, List<Dimension> groupBy, Map<Dimension, Set<String>> filters) {
    /** The longest range one query covers. */
    public static final int MAX_DAYS = 400;
    public static final int MAX_GROUPS = 2;

    public enum Granularity { HOURLY, DAILY, MONTHLY }

    /** The longest range an hourly query covers. */
    public static final int MAX_HOURLY_DAYS = 14;

    /** What the rows sum: the cost, or the usage quantity (then per unit). */
    public enum Measure { COST, USAGE }

    /** What a cost is grouped or filtered by. */
    public enum Kind { SERVICE_TYPE, RESOURCE_TYPE, REGION, BILLING_MODE, SPEC, RECORD_TYPE, ENTERPRISE_PROJECT,
        RESOURCE, TAG, COST_CATEGORY, RUN }

    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:/=+@-]{1,64}");

    /**
     * A dimension: a kind, and for a tag its key (for a cost category its name, in the same field).
     * Written {@code serviceType}, {@code tag:team} or {@code category:teams}.
     */
    public record Dimension(Kind kind, String tagKey) {
        public static Dimension of(Kind kind) {
            return new Dimension(kind, null);
        }

        public static Dimension parse(String text) {
            if (text != null && text.startsWith("category:")) {
                String name = text.substring(9);
                if (!TAG_KEY.matcher(name).matches()) {
                    throw Failure.invalid("invalid-dimension", "a cost category's name is 1-64 letters, digits or "
                            + "_.:/=+@-, not '" + name + "'");
                }
                return new Dimension(Kind.COST_CATEGORY, name);
            }
            if (text != null && text.startsWith("tag:")) {
                String key = text.substring(4);
                if (!TAG_KEY.matcher(key).matches()) {
                    throw Failure.invalid("invalid-dimension", "a tag key is 1-64 letters, digits or _.:/=+@-, not '"
                            + key + "'");
                }
                return new Dimension(Kind.TAG, key);
            }
            for (Kind k : Kind.values()) {
                if (k != Kind.TAG && k != Kind.COST_CATEGORY && name(k).equals(text)) {
                    return of(k);
                }
            }
            throw Failure.invalid("invalid-dimension", "unknown dimension '" + text + "': one of serviceType, "
                    + "resourceType, region, billingMode, spec, recordType, enterpriseProject, resource, run, tag:<key>, "
                    + "category:<name>");
        }

        /** The name the API uses. */
        public String text() {
            return kind == Kind.TAG ? "tag:" + tagKey : kind == Kind.COST_CATEGORY ? "category:" + tagKey : name(kind);
        }

        private static String name(Kind k) {
            return switch (k) {
                case SERVICE_TYPE -> "serviceType";
                case RESOURCE_TYPE -> "resourceType";
                case REGION -> "region";
                case BILLING_MODE -> "billingMode";
                case SPEC -> "spec";
                case RECORD_TYPE -> "recordType";
                case ENTERPRISE_PROJECT -> "enterpriseProject";
                case RESOURCE -> "resource";
                case TAG -> "tag";
                case COST_CATEGORY -> "category";
                case RUN -> "run";
            };
        }
    }

    public CostQuery {
        if (from == null || toExclusive == null || !toExclusive.isAfter(from)
                || toExclusive.toEpochDay() - from.toEpochDay() > MAX_DAYS) {
            throw Failure.invalid("invalid-range", "to must be after from, at most " + MAX_DAYS + " days later");
        }
        if (granularity == Granularity.HOURLY && toExclusive.toEpochDay() - from.toEpochDay() > MAX_HOURLY_DAYS) {
            throw Failure.invalid("invalid-range", "an hourly query covers at most " + MAX_HOURLY_DAYS + " days");
        }
        if (groupBy.stream().distinct().count() != groupBy.size()) {
            throw Failure.invalid("invalid-group-by", "group by different dimensions");
        }
        groupBy = List.copyOf(groupBy);
        filters = new LinkedHashMap<>(filters);
    }

    /** The filters as the API writes them: {@code dimension=value1,value2}. */
    public static Map<Dimension, Set<String>> filters(List<String> texts) {
        Map<Dimension, Set<String>> out = new LinkedHashMap<>();
        for (String t : texts) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw Failure.invalid("invalid-filter", "a filter is dimension=value[,value...], not '" + t + "'");
            }
            List<String> values = new ArrayList<>(List.of(t.substring(eq + 1).split(",", -1)));
            if (values.size() > 100) {
                throw Failure.invalid("invalid-filter", "at most 100 values a filter");
            }
            out.computeIfAbsent(Dimension.parse(t.substring(0, eq)), d -> new java.util.LinkedHashSet<>())
                    .addAll(values);
        }
        return out;
    }
}
