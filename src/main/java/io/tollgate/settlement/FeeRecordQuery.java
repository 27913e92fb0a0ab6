package io.tollgate.settlement;

import java.util.Collection;

/**
 * Which fee records a reader wants; a null field matches every line. {@code resourceTypes} is the
 * set a service type or a resource type filter stands for (an empty set matches nothing).
 */
public record FeeRecordQuery(String resourceId, Collection<String> resourceTypes, String billingMode, String kind,
                             String enterpriseProject) {
    public static FeeRecordQuery of(String resourceId) {
        return new FeeRecordQuery(resourceId, null, null, null, null);
    }
}
