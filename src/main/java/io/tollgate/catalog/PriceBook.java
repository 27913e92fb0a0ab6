package io.tollgate.catalog;

import io.tollgate.shared.BillingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of all price versions, indexed by (spec, region, mode, currency).
 * Rating asks it which versions were in force during a period.
 */
public final class PriceBook {
    private record Key(String specCode, String region, BillingMode mode, String currency) {
    }

    private final Map<Key, List<PriceVersion>> byKey = new HashMap<>();

    public PriceBook(List<PriceVersion> versions) {
        for (PriceVersion v : versions) {
            byKey.computeIfAbsent(new Key(v.specCode(), v.region(), v.billingMode(), v.currency()),
                    k -> new ArrayList<>()).add(v);
        }
        byKey.values().forEach(list -> list.sort(Comparator.comparing(PriceVersion::effectiveFrom)));
    }

    /** The version in force at {@code at}, or null when none was yet effective. */
    public PriceVersion inForce(String specCode, String region, BillingMode mode, String currency, Instant at) {
        PriceVersion found = null;
        for (PriceVersion v : versions(specCode, region, mode, currency)) {
            if (v.effectiveFrom().isAfter(at)) {
                break;
            }
            found = v;
        }
        return found;
    }

    /** All versions of one price, oldest first. */
    public List<PriceVersion> versions(String specCode, String region, BillingMode mode, String currency) {
        return byKey.getOrDefault(new Key(specCode, region, mode, currency), List.of());
    }
}
