package io.tollgate.resource;

import java.time.Instant;

/**
 * Published, in the transaction that applied it, for every lifecycle event that changed a
 * resource. {@code billing} says whether any segment is still open after the change.
 */
public record ResourceChanged(String resourceId, String customerId, EventType type, Instant occurredAt, boolean billing) {
}
