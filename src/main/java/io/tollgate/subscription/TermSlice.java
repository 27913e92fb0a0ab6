package io.tollgate.subscription;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A slice of prepaid money over a stretch of term, as amortization reads it: what one paid order
 * (purchase, renewal, upgrade; a downgrade's money given back, negative) put on [startsAt,
 * endsExclusive), paid in cash, credit and coupons together; {@code refundedAt} the time an
 * unsubscription consumed it, or null; {@code region}, {@code specCode}, {@code nodes} and
 * {@code auto} (a renewal the job made) are its order's.
 */
public record TermSlice(long orderId, String resourceId, String resourceType, String kind, Instant startsAt,
                        Instant endsExclusive, BigDecimal paid, Instant refundedAt, String region, String specCode,
                        int nodes, boolean auto) {
}
