package io.tollgate.rating;

import io.tollgate.catalog.Unit;
import io.tollgate.resource.Meter;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One priced line: a meter's usage over [periodStart, periodEnd) inside one clock hour.
 * {@code usageQuantity} is in the price's unit (node-hours or GB-hours); {@code amount} has 8
 * decimals; {@code chargedAmount} is what is deducted, at the cent; {@code truncatedAmount} is
 * amount - chargedAmount, kept so that nothing is lost to rounding.
 */
public record FeeLine(Meter meter, String specCode, int quantity, Instant periodStart, Instant periodEnd,
                      int usageSeconds, BigDecimal usageQuantity, Unit unit, BigDecimal unitPrice, long priceId,
                      int priceVersion, BigDecimal listAmount, BigDecimal discountAmount, BigDecimal amount,
                      BigDecimal chargedAmount, BigDecimal truncatedAmount) {
}
