package io.tollgate.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A usage record rated on arrival, in price units, waiting for (or past) its settlement. Its
 * {@code kind} says how to read the amount: a {@code CHARGE} (zero or more), or a
 * {@code VOLUME_TIER_CREDIT}, the negative amount of a record that moved the month into a cheaper
 * volume tier (its billable quantity is positive; the amount gives back what the month's earlier
 * units were charged above the new tier's price).
 */
public record UsageLine(long id, String recordId, String customerId, String resourceId, String resourceType,
                        String meter, String region, Instant usageHour, Instant billingHour, boolean adjustment,
                        BigDecimal quantity, BigDecimal freeQuantity, BigDecimal packageQuantity,
                        BigDecimal billableQuantity, String priceUnit, long priceId, int priceVersion, String currency,
                        BigDecimal amount, String enterpriseProject, Map<String, String> tags, Instant receivedAt,
                        boolean settled, Kind kind) {
    public enum Kind {
        CHARGE, VOLUME_TIER_CREDIT;

        /** Prices are never negative, so a negative amount can only be a volume tier's credit. */
        public static Kind of(BigDecimal amount) {
            return amount.signum() < 0 ? VOLUME_TIER_CREDIT : CHARGE;
        }
    }
}
