package io.tollgate.catalog;

import io.tollgate.shared.BillingMode;
import java.math.BigDecimal;
import java.time.Instant;

/** One published version of a price; it is in force from {@code effectiveFrom} until the next version. */
public record PriceVersion(long id, String specCode, String region, BillingMode billingMode, Unit unit,
                           BigDecimal unitPrice, String currency, Instant effectiveFrom, int version,
                           Instant publishedAt) {
}
