package io.tollgate.resource;

import io.tollgate.shared.BillingMode;
import java.util.Map;

/** A segment with the resource attributes a fee record carries (allocation keys included). */
public record BillableSegment(String resourceId, String customerId, String resourceType, String region,
                              BillingMode billingMode, String enterpriseProject, Map<String, String> tags,
                              Segment segment) {
}
