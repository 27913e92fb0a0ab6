package io.tollgate.resource;

import io.tollgate.shared.BillingMode;
import java.time.Instant;
import java.util.Map;

/**
 * A billed resource as last reported by the platform; {@code frozen} while the lifecycle holds it
 * frozen; {@code poolId} names the customer's own dedicated pool it runs on (its compute is not
 * billed), or is null.
 */
public record Resource(String id, String customerId, String resourceType, String specCode, String region,
                       BillingMode billingMode, int nodes, Integer sizeGb, String diskSpecCode, Integer diskGb,
                       String enterpriseProject, Map<String, String> tags, ResourceState state, Instant createdAt,
                       Instant deletedAt, Instant lastEventAt, boolean frozen, String poolId) {
}
