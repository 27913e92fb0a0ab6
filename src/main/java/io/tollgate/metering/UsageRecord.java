package io.tollgate.metering;

import java.time.Instant;
import java.util.Map;

/**
 * A measured quantity of a meter for a resource over [windowStart, windowEnd), in the meter's
 * quantity unit, as a decimal string. {@code enterpriseProject} and {@code tags} override the
 * resource's; {@code attributes} carry the rest (job id, endpoint id ...).
 */
public record UsageRecord(String recordId, String customerId, String resourceId, String meter, String quantity,
                          Instant windowStart, Instant windowEnd, String enterpriseProject, Map<String, String> tags,
                          Map<String, String> attributes) {
}
