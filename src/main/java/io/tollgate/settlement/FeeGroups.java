package io.tollgate.settlement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fee sums grouped as the cost centre asks (docs/cost.md): the hours [from, to) of a customer cut
 * into days (or months) in {@code zone}, grouped by {@code keys} and filtered by {@code filters}
 * (each a set of allowed values; for a tag or a run the empty value is "none"; a run as
 * {@link io.tollgate.shared.Runs} names it). Read from the per-hour
 * totals, or from the fee records where a key or filter names the single resource.
 */
public final class FeeGroups {
    private FeeGroups() {
    }

    /** What fee sums can be grouped and filtered by. */
    public enum Field { RESOURCE, RESOURCE_TYPE, REGION, BILLING_MODE, SPEC, KIND, ENTERPRISE_PROJECT, TAG, UNIT, RUN }

    /** A field, with its key for a tag. */
    public record Key(Field field, String tagKey) {
        public static Key of(Field field) {
            return new Key(field, null);
        }
    }

    /** How the hours are cut into periods: hours, days or months in the zone. */
    public enum Cut { HOUR, DAY, MONTH }

    public record Query(Instant from, Instant to, ZoneId zone, Cut cut, List<Key> keys,
                        Map<Key, Set<String>> filters) {
        public boolean byResource() {
            return keys.stream().anyMatch(k -> k.field() == Field.RESOURCE)
                    || filters.keySet().stream().anyMatch(k -> k.field() == Field.RESOURCE);
        }
    }

    /** One group: the start of its period in the zone (hour, day, month), its key values in order (null: none), its sums. */
    public record Group(LocalDateTime period, List<String> keys, BigDecimal charged, BigDecimal usage) {
    }
}
