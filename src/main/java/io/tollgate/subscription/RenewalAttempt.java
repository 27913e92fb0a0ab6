package io.tollgate.subscription;

import java.time.Instant;

/** One automatic renewal attempt, successful or not. */
public record RenewalAttempt(long id, String resourceId, String customerId, Instant attemptedAt, String outcome,
                             String reason, Long orderId) {
}
