package io.tollgate.catalog;

/**
 * What a service bills, e.g. {@code modelarts.notebook}. A type may carry a disk that bills
 * from creation to deletion ({@code diskSpecCode}, {@code diskGb}), as a notebook's 5 GB disk.
 */
public record ResourceType(String code, String serviceType, String name, Metering metering, SpecKind specKind,
                           String diskSpecCode, Integer diskGb) {
}
