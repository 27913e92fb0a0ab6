package io.tollgate.catalog;

import io.tollgate.shared.BillingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of all price versions. A price is versioned per (spec, region, mode,
 * currency, unit): in the yearly/monthly mode a spec has a MONTH and a YEAR price, each with its
 * own versions. A pay-per-use price has a single unit (HOUR or GB_HOUR) for all its versions, so
 * it can also be asked for without the unit; rating does that.
 */
public final class PriceBook {
    private record Key(String specCode, String region, BillingMode mode, String currency, Unit unit) {
    }

    private record PayPerUseKey(String specCode, String region, String currency) {
    }

    private final Map<Key, List<PriceVersion>> byUnit = new HashMap<>();
    private final Map<PayPerUseKey, List<PriceVersion>> payPerUse = new HashMap<>();

    public PriceBook(List<PriceVersion> versions) {
        for (PriceVersion v : versions) {
            byUnit.computeIfAbsent(new Key(v.specCode(), v.region(), v.billingMode(), v.currency(), v.unit()),
                    k -> new ArrayList<>()).add(v);
            if (v.billingMode() == BillingMode.PAY_PER_USE) {
                payPerUse.computeIfAbsent(new PayPerUseKey(v.specCode(), v.region(), v.currency()),
                        k -> new ArrayList<>()).add(v);
            }
        }
        byUnit.values().forEach(list -> list.sort(Comparator.comparing(PriceVersion::effectiveFrom)));
        payPerUse.values().forEach(list -> list.sort(Comparator.comparing(PriceVersion::effectiveFrom)));
    }

    /**
     * The pay-per-use version in force at {@code at}, or null when none was yet effective. Only
     * for {@link BillingMode#PAY_PER_USE}: a prepaid price needs its unit (MONTH or YEAR).
     */
    public PriceVersion inForce(String specCode, String region, BillingMode mode, String currency, Instant at) {
        return inForce(versions(specCode, region, mode, currency), at);
    }

    /** The version of the price in {@code unit} in force at {@code at}, or null when none was yet effective. */
    public PriceVersion inForce(String specCode, String region, BillingMode mode, String currency, Unit unit,
                                Instant at) {
        return inForce(versions(specCode, region, mode, currency, unit), at);
    }

    /** All versions of one pay-per-use price, oldest first. Only for {@link BillingMode#PAY_PER_USE}. */
    public List<PriceVersion> versions(String specCode, String region, BillingMode mode, String currency) {
        if (mode != BillingMode.PAY_PER_USE) {
            throw new IllegalArgumentException("a " + mode + " price has one series per unit (MONTH, YEAR, ...): "
                    + "ask for it with its unit");
        }
        return payPerUse.getOrDefault(new PayPerUseKey(specCode, region, currency), List.of());
    }

    /** All versions of the price in {@code unit}, oldest first. */
    public List<PriceVersion> versions(String specCode, String region, BillingMode mode, String currency, Unit unit) {
        return byUnit.getOrDefault(new Key(specCode, region, mode, currency, unit), List.of());
    }

    private static PriceVersion inForce(List<PriceVersion> versions, Instant at) {
        PriceVersion found = null;
        for (PriceVersion v : versions) {
            if (v.effectiveFrom().isAfter(at)) {
                break;
            }
            found = v;
        }
        return found;
    }
}
