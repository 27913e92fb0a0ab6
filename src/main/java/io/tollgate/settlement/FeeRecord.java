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
                        BigDecimal packageQuantity, BigDecimal couponAmount) {
    /** A line without a coupon part (as before coupons existed). */
    public FeeRecord(long id, String customerId, String resourceId, String resourceType, String meter,
                     String specCode, String region, String billingMode, Instant hourStart, int lineNo,
                     Instant periodStart, Instant periodEnd, int usageSeconds, int quantity,
                     BigDecimal usageQuantity, String unit, BigDecimal unitPrice, long priceId, int priceVersion,
                     String currency, BigDecimal listAmount, BigDecimal discountAmount, BigDecimal amount,
                     BigDecimal chargedAmount, BigDecimal truncatedAmount, BigDecimal cashAmount,
                     BigDecimal creditAmount, BigDecimal arrearsAmount, String enterpriseProject,
                     Map<String, String> tags, Long entryId, Instant settledAt, String kind, Instant adjustsHour,
                     BigDecimal freeQuantity, BigDecimal packageQuantity) {
        this(id, customerId, resourceId, resourceType, meter, specCode, region, billingMode, hourStart, lineNo,
                periodStart, periodEnd, usageSeconds, quantity, usageQuantity, unit, unitPrice, priceId, priceVersion,
                currency, listAmount, discountAmount, amount, chargedAmount, truncatedAmount, cashAmount, creditAmount,
                arrearsAmount, enterpriseProject, tags, entryId, settledAt, kind, adjustsHour, freeQuantity,
                packageQuantity, BigDecimal.ZERO.setScale(2));
    }

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

    /**
     * An ADJUSTMENT line like this one, correcting the hour {@code adjusted} by {@code usage} and
     * {@code amount} (signed), billed in {@code billedIn} as line {@code lineNo}; charged later.
     */
    FeeRecord adjustment(Instant adjusted, Instant billedIn, int lineNo, BigDecimal usage, BigDecimal amount,
                         Instant now) {
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new FeeRecord(0, customerId, resourceId, resourceType, meter, specCode, region, billingMode, billedIn,
                lineNo, adjusted, adjusted.plus(java.time.Duration.ofHours(1)), 0, quantity, usage, unit, unitPrice,
                priceId, priceVersion, currency, amount, discountAmount, amount, zero, amount, zero, zero, zero,
                enterpriseProject, tags, null, now, "ADJUSTMENT", adjusted, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** This line as charged: its charged amount (so its truncated amount), how it was paid, and the entry. */
    FeeRecord withCharge(BigDecimal charged, PaymentParts paid, Long entry) {
        return new FeeRecord(id, customerId, resourceId, resourceType, meter, specCode, region, billingMode, hourStart,
                lineNo, periodStart, periodEnd, usageSeconds, quantity, usageQuantity, unit, unitPrice, priceId,
                priceVersion, currency, listAmount, discountAmount, amount, charged, amount.subtract(charged),
                paid.cash(), paid.credit(), paid.arrears(), enterpriseProject, tags, entry, settledAt, kind, adjustsHour,
                freeQuantity, packageQuantity, paid.coupon());
    }

    /** This draft (not charged yet) with a discount off its list amount: amount = list - discount. */
    FeeRecord withDiscount(BigDecimal discount) {
        BigDecimal net = listAmount.subtract(discount);
        return new FeeRecord(id, customerId, resourceId, resourceType, meter, specCode, region, billingMode, hourStart,
                lineNo, periodStart, periodEnd, usageSeconds, quantity, usageQuantity, unit, unitPrice, priceId,
                priceVersion, currency, listAmount, discount, net, chargedAmount, net.subtract(chargedAmount),
                cashAmount, creditAmount, arrearsAmount, enterpriseProject, tags, entryId, settledAt, kind, adjustsHour,
                freeQuantity, packageQuantity, couponAmount);
    }
}
