package io.tollgate.subscription;

import java.time.Instant;

/** A prepaid resource's contract: spec, nodes, term, expiry (23:59:59 of the expiry date), auto-renewal. */
public record Subscription(String resourceId, String customerId, String resourceType, String specCode, String region,
                           int nodes, String currency, String termUnit, int termCount, Instant startedAt,
                           Instant expiresAt, String status, boolean autoRenew, boolean convertToPayPerUse,
                           Instant nextAttemptAt) {
}
