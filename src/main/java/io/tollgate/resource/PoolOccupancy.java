package io.tollgate.resource;

import java.time.Instant;

/**
 * A stretch [startedAt, endedAt) during which job {@code resourceId} ran on {@code poolId} with
 * {@code nodes} nodes (billing no compute of its own); open while endedAt is null.
 */
public record PoolOccupancy(String resourceId, String poolId, int nodes, Instant startedAt, Instant endedAt) {
}
