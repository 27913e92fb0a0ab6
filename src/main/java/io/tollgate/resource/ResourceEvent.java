package io.tollgate.resource;

import io.tollgate.shared.BillingMode;
import java.time.Instant;
import java.util.Map;

/**
 * A lifecycle event from the platform. {@code CREATED} carries the whole description (with
 * {@code poolId} when a training job or inference service runs on the customer's own dedicated
 * pool: its compute is then billed by the pool, not by the job); {@code
 * RESIZED} carries the new {@code nodes}, {@code specCode} or {@code sizeGb}; the others carry
 * only the ids and the time.
 */
public record ResourceEvent(String eventId, EventType type, String resourceId, String customerId, Instant occurredAt,
                            String resourceType, String specCode, String region, BillingMode billingMode,
                            Integer nodes, Integer sizeGb, String enterpriseProject, Map<String, String> tags,
                            String poolId) {
}
