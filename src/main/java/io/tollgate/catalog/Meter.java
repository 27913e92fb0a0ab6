package io.tollgate.catalog;

import java.math.BigDecimal;

/**
 * A usage meter of a resource type, e.g. {@code obs.storage.standard} of {@code obs.bucket}.
 * A reported quantity becomes price units by {@link Measure}: COUNT divides it by
 * {@code unitSize} (1,000 requests, 10^9 bytes a GB); QUANTITY_TIME also multiplies it by the
 * window's seconds over {@code periodSeconds} (GB x seconds / 730 h = GB-months), with started
 * hours counted whole when {@code roundUpHours}.
 */
public record Meter(String code, String resourceType, String name, String quantityUnit, String priceUnit,
                    Measure measure, Long periodSeconds, BigDecimal unitSize, Boolean roundUpHours) {
    public enum Measure { COUNT, QUANTITY_TIME }

    public Meter {
        roundUpHours = Boolean.TRUE.equals(roundUpHours);
    }
}
