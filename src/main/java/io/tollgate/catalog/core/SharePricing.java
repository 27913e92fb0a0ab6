package io.tollgate.catalog.core;

import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.Spec;
import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices of a GPU spec priced by its share of another spec (billing-rules.md section 2, fractional
 * GPUs). The share is the spec's cards over the other spec's cards: 1/4 of a card against a whole
 * card is 1/4; 1/2 of a card against an 8-card flavor is 1/16. A derived unit price is
 * share x the other spec's unit price, rounded half-up to the 10 decimals of a unit price, once,
 * so that rating a derived spec is rating any spec with that unit price. Each version of the
 * other spec's prices (every mode and unit) gives one derived version with the same id, version
 * number and effective time: a new price of the card reprices its shares from the same instant.
 */
public final class SharePricing {
    private SharePricing() {
    }

    /** The unit price of {@code share} when {@code full} costs {@code fullUnitPrice}. */
    public static BigDecimal unitPrice(BigDecimal fullUnitPrice, Spec share, Spec full) {
        // (ns / ds) / (nf / df) = ns x df / (ds x nf)
        BigDecimal numerator = BigDecimal.valueOf((long) share.gpuCardsNumerator() * full.gpuCardsDenominator());
        BigDecimal denominator = BigDecimal.valueOf((long) share.gpuCardsDenominator() * full.gpuCardsNumerator());
        return fullUnitPrice.multiply(numerator).divide(denominator, Amounts.UNIT_PRICE_SCALE, RoundingMode.HALF_UP);
    }

    /** The versions of {@code share}'s prices derived from the versions of {@code full}'s. */
    public static List<PriceVersion> derive(Spec share, Spec full, List<PriceVersion> fullVersions) {
        List<PriceVersion> derived = new ArrayList<>(fullVersions.size());
        for (PriceVersion v : fullVersions) {
            if (!v.specCode().equals(full.code())) {
                continue;
            }
            derived.add(new PriceVersion(v.id(), share.code(), v.region(), v.billingMode(), v.unit(),
                    unitPrice(v.unitPrice(), share, full), v.currency(), v.effectiveFrom(), v.version(),
                    v.publishedAt()));
        }
        return derived;
    }
}
