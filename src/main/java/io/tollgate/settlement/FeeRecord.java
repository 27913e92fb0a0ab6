package io.tollgate.settlement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A settled line of the detailed bill. */
public record FeeRecord(long id, String customerId, String resourceId, String resourceType, String meter,
                        String specCode, String region, String billingMode, Instant hourStart, int lineNo,
                        Instant periodStart, Instant periodEnd, int usageSeconds, int quantity,
                        BigDecimal usageQuantity, String unit, BigDecimal unitPrice, long priceId, int priceVersion,
                        String currency, BigDecimal listAmount, BigDecimal discountAmount, BigDecimal amount,
                        BigDecimal chargedAmount, BigDecimal truncatedAmount, BigDecimal cashAmount,
                        BigDecimal creditAmount, BigDecimal arrearsAmount, String enterpriseProject, Map<String, String> tags, Long entryId,
                        Instant settledAt) {
}
