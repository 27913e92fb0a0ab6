package io.tollgate.notify.webhook;

import java.time.Instant;

/**
 * One attempt of a delivery: IN_FLIGHT while it runs, then DELIVERED (a 2xx answer), FAILED (any
 * other answer, a timeout, a refused connection) or UNKNOWN (the process stopped before it could
 * record the outcome; the event was sent again with the same id).
 */
public record WebhookAttempt(int attempt, Instant attemptedAt, String outcome, Integer statusCode, String error,
                             Integer durationMs) {
}
