package io.tollgate.notify;

import java.time.Instant;
import java.util.Map;

/** One event: a stable id, a topic such as {@code lifecycle.frozen}, the customer and subject, and its data. */
public record OutboxEvent(long id, String eventId, String topic, String customerId, String subjectId,
                          Map<String, Object> payload, Instant occurredAt, Instant recordedAt) {
}
