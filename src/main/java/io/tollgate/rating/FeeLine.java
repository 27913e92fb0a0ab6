package io.tollgate.rating;

import io.tollgate.catalog.Unit;
import io.tollgate.resource.Meter;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One priced line: a meter's usage over [periodStart, periodEnd) inside one clock hour.
 * {@code usageQuantity} is in the price's unit (node-hours or GB-hours); {@code amount} has 8
 * decimals. What is deducted for it, at the cent, is decided at settlement, where the sub-cent
 * remainder carries from hour to hour over the customer's month.
 */
public record FeeLine(Meter meter, String specCode, int quantity, Instant periodStart, Instant periodEnd,
                      int usageSeconds, BigDecimal usageQuantity, Unit unit, BigDecimal unitPrice, long priceId,
                      int priceVersion, BigDecimal listAmount, BigDecimal discountAmount, BigDecimal amount) {
}
