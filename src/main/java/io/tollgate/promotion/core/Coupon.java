package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A coupon as issued: a CASH coupon with a face value (its remaining value is its ledger account's
 * balance) or a DISCOUNT coupon with a rate (0.85 = 15% off) and an optional cap, used once. Valid in
 * [validFrom, validUntil), validUntil being the midnight after its last day in the billing zone.
 */
public record Coupon(String id, String customerId, String campaignId, Kind kind, String currency,
                     BigDecimal faceValue, BigDecimal rate, BigDecimal cap, Instant validFrom, Instant validUntil,
                     Restrictions restrictions, Long usedOrderId, Instant revokedAt, Instant issuedAt) {

    public enum Kind { CASH, DISCOUNT }

    /** NOT_YET_VALID, USABLE, USED_UP, EXPIRED; REVOKED when the operator took it back unused. */
    public enum Status { NOT_YET_VALID, USABLE, USED_UP, EXPIRED, REVOKED }

    /**
     * The status at {@code at}, given the remaining value ({@code remaining}: a cash coupon's
     * balance; ignored for a discount coupon, which is used up once an order used it). A coupon
     * used up stays USED_UP after its validity; one with value left becomes EXPIRED.
     */
    public Status status(BigDecimal remaining, Instant at) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        boolean usedUp = kind == Kind.CASH ? remaining.signum() <= 0 : usedOrderId != null;
        if (usedUp) {
            return Status.USED_UP;
        }
        if (at.isBefore(validFrom)) {
            return Status.NOT_YET_VALID;
        }
        return at.isBefore(validUntil) ? Status.USABLE : Status.EXPIRED;
    }
}
