package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A commercial discount: {@code percent} off list prices (15 = 15% off) for one customer,
 * optionally only for one service type and/or one billing mode, valid in [validFrom, validTo)
 * ({@code validTo} null: open-ended).
 */
public record Discount(long id, String customerId, BigDecimal percent, String serviceType, String billingMode,
                       Instant validFrom, Instant validTo) {

    public boolean appliesTo(String service, String mode, Instant at) {
        return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo))
                && (serviceType == null || serviceType.equals(service))
                && (billingMode == null || billingMode.equals(mode));
    }
}
