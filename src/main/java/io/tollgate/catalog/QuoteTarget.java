package io.tollgate.catalog;

/**
 * What a quote prices: a spec in a region and currency, for {@code nodes} of a compute flavor or
 * {@code sizeGb} of a storage class. {@code resourceType} is optional; when given, the spec must
 * fit it and a prepaid quote needs the type to allow prepaid purchase.
 */
public record QuoteTarget(String specCode, String region, String currency, Integer nodes, Integer sizeGb,
                          String resourceType) {
}
