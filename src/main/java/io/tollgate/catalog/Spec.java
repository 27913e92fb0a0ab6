package io.tollgate.catalog;

/**
 * A priced flavor or storage class. A GPU share is the fraction
 * {@code gpuCardsNumerator / gpuCardsDenominator} of cards: 1/7 of a card, or 8/1 for eight cards.
 *
 * <p>A GPU spec is priced either by its own prices, or, when {@code priceByShareOf} names another
 * GPU spec of the same card model (e.g. the whole card), by its share of that spec's prices: a
 * quarter of a card costs a quarter of the card, version by version and unit by unit
 * ({@link io.tollgate.catalog.core.SharePricing}). Such a spec has no prices of its own.
 */
public record Spec(String code, String serviceType, SpecKind kind, String name, Integer vcpus, Integer memoryGib,
                   String gpuModel, Integer gpuCardsNumerator, Integer gpuCardsDenominator,
                   String npuModel, Integer npuCount, String priceByShareOf) {

    /** A spec with prices of its own. */
    public Spec(String code, String serviceType, SpecKind kind, String name, Integer vcpus, Integer memoryGib,
                String gpuModel, Integer gpuCardsNumerator, Integer gpuCardsDenominator, String npuModel,
                Integer npuCount) {
        this(code, serviceType, kind, name, vcpus, memoryGib, gpuModel, gpuCardsNumerator, gpuCardsDenominator, npuModel,
                npuCount, null);
    }
}
