package io.tollgate.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One event: its position in commit order (the feed's cursor), a stable id, a topic such as
 * {@code lifecycle.frozen}, the customer and subject, and its data.
 */
public record OutboxEvent(long position, String eventId, String topic, String customerId, String subjectId,
                          Map<String, Object> payload, Instant occurredAt, Instant recordedAt) {
}
