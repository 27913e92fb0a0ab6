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
                        Instant settledAt, String kind, Instant adjustsHour, BigDecimal freeQuantity,
                        BigDecimal packageQuantity) {
    /** A compute or capacity line (no free quota or package parts, not an adjustment). */
    public FeeRecord(long id, String customerId, String resourceId, String resourceType, String meter, String specCode,
                     String region, String billingMode, Instant hourStart, int lineNo, Instant periodStart,
                     Instant periodEnd, int usageSeconds, int quantity, BigDecimal usageQuantity, String unit,
                     BigDecimal unitPrice, long priceId, int priceVersion, String currency, BigDecimal listAmount,
                     BigDecimal discountAmount, BigDecimal amount, BigDecimal chargedAmount, BigDecimal truncatedAmount,
                     BigDecimal cashAmount, BigDecimal creditAmount, BigDecimal arrearsAmount, String enterpriseProject,
                     Map<String, String> tags, Long entryId, Instant settledAt) {
        this(id, customerId, resourceId, resourceType, meter, specCode, region, billingMode, hourStart, lineNo,
                periodStart, periodEnd, usageSeconds, quantity, usageQuantity, unit, unitPrice, priceId, priceVersion,
                currency, listAmount, discountAmount, amount, chargedAmount, truncatedAmount, cashAmount, creditAmount,
                arrearsAmount, enterpriseProject, tags, entryId, settledAt, "USAGE", null, BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    /** This line as charged: its charged amount (so its truncated amount), how it was paid, and the entry. */
    FeeRecord withCharge(BigDecimal charged, PaymentParts paid, Long entry) {
        return new FeeRecord(id, customerId, resourceId, resourceType, meter, specCode, region, billingMode, hourStart,
                lineNo, periodStart, periodEnd, usageSeconds, quantity, usageQuantity, unit, unitPrice, priceId,
                priceVersion, currency, listAmount, discountAmount, amount, charged, amount.subtract(charged),
                paid.cash(), paid.credit(), paid.arrears(), enterpriseProject, tags, entry, settledAt, kind, adjustsHour,
                freeQuantity, packageQuantity);
    }
}
