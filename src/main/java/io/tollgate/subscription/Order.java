package io.tollgate.subscription;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A prepaid order and how it was paid (or refunded). Amounts are at the cent. */
public record Order(long id, String customerId, OrderType type, OrderStatus status, boolean auto, String resourceId,
                    String resourceType, String specCode, String region, int nodes, String termUnit, Integer termCount,
                    String currency, BigDecimal listAmount, BigDecimal discountAmount, BigDecimal couponAmount,
                    BigDecimal cashAmount, BigDecimal creditAmount, BigDecimal refundAmount, Instant effectiveFrom,
                    Instant expiresAt, Map<String, Object> details, Instant createdAt, Instant paidAt,
                    Instant cancelledAt) {
}
