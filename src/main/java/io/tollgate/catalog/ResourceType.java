package io.tollgate.catalog;

/**
 * What a service bills, e.g. {@code modelarts.notebook}. A type may carry a disk that bills
 * from creation to deletion ({@code diskSpecCode}, {@code diskGb}), as a notebook's 5 GB disk.
 *
 * <p>{@code prepaidAllowed} says whether the type may be bought yearly/monthly as well as used
 * pay-per-use: dedicated pools, Lite Server and Lite Cluster may; notebooks, training jobs and
 * inference services on public pools may not (billing-rules.md section 2). It is false unless
 * stated. Disks follow the mode of what they belong to: the disks of a prepaid pool are prepaid
 * in the pool's order, at the disk spec's GB_MONTH or GB_YEAR price, whatever the disk type's own
 * flag says; a disk on its own (evs.volume) is pay-per-use. The flag is optional where a type is
 * read (a scenario file, a request): absent means false, and the accessor is never null.
 */
public record ResourceType(String code, String serviceType, String name, Metering metering, SpecKind specKind,
                           String diskSpecCode, Integer diskGb, Boolean prepaidAllowed) {

    public ResourceType {
        prepaidAllowed = Boolean.TRUE.equals(prepaidAllowed);
    }

    /** A pay-per-use-only type. */
    public ResourceType(String code, String serviceType, String name, Metering metering, SpecKind specKind,
                        String diskSpecCode, Integer diskGb) {
        this(code, serviceType, name, metering, specKind, diskSpecCode, diskGb, false);
    }
}
