package io.tollgate.catalog;

/**
 * A priced flavor or storage class. A GPU share is the fraction
 * {@code gpuCardsNumerator / gpuCardsDenominator} of cards: 1/7 of a card, or 8/1 for eight cards.
 */
public record Spec(String code, String serviceType, SpecKind kind, String name, Integer vcpus, Integer memoryGib,
                   String gpuModel, Integer gpuCardsNumerator, Integer gpuCardsDenominator,
                   String npuModel, Integer npuCount) {
}
