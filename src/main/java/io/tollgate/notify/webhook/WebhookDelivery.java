package io.tollgate.notify.webhook;

import java.time.Instant;

/**
 * One event for one endpoint: PENDING (due at nextAttemptAt, or waiting behind an earlier event
 * of the same subject), DELIVERED, or DEAD (every retry failed for the retry window; replay puts
 * it back). The eventId is the {@code webhook-id} of every attempt.
 */
public record WebhookDelivery(long id, long endpointId, String eventId, long position, String topic,
                              String customerId, String subjectId, String state, int attempts, Instant firstDueAt,
                              Instant nextAttemptAt, Integer lastStatus, String lastError, Instant deliveredAt) {
}
