package io.tollgate.messaging;

import java.time.Instant;
import java.util.Map;

/** A planned reminder: a deadline of a subject, told daysBefore it, due at 09:00 in the billing zone. */
public record Reminder(long id, String key, String customerId, String subjectId, String kind, int daysBefore,
                       Instant deadline, Instant dueAt, String state, Map<String, String> data) {
}
