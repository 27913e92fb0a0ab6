package io.tollgate.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A usage record rated on arrival, in price units, waiting for (or past) its settlement. */
public record UsageLine(long id, String recordId, String customerId, String resourceId, String resourceType,
                        String meter, String region, Instant usageHour, Instant billingHour, boolean adjustment,
                        BigDecimal quantity, BigDecimal freeQuantity, BigDecimal packageQuantity,
                        BigDecimal billableQuantity, String priceUnit, long priceId, int priceVersion, String currency,
                        BigDecimal amount, String enterpriseProject, Map<String, String> tags, Instant receivedAt,
                        boolean settled) {
}
