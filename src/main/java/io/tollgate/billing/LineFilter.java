package io.tollgate.billing;

import io.tollgate.billing.core.RecordType;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;

/**
 * The detailed bill's filters; a null field matches every line. Built from request text by
 * {@link #parse}, which refuses values that name nothing (400 {@code invalid-filter}).
 */
public record LineFilter(String resourceId, String serviceType, String resourceType, BillingMode billingMode,
                         RecordType recordType, String enterpriseProject) {
    public static final LineFilter ALL = new LineFilter(null, null, null, null, null, null);

    public static LineFilter parse(String resourceId, String serviceType, String resourceType, String billingMode,
                                   String recordType, String enterpriseProject) {
        BillingMode mode = null;
        if (billingMode != null) {
            try {
                mode = BillingMode.valueOf(billingMode);
            } catch (IllegalArgumentException e) {
                throw Failure.invalid("invalid-filter", "billingMode must be PAY_PER_USE or YEARLY_MONTHLY");
            }
        }
        RecordType type = recordType == null ? null : RecordType.parse(recordType);
        if (recordType != null && type == null) {
            throw Failure.invalid("invalid-filter", "recordType must be one of " + java.util.Arrays.toString(
                    RecordType.values()));
        }
        return new LineFilter(resourceId, serviceType, resourceType, mode, type, enterpriseProject);
    }

    /** True when settled fee records can match (their billing mode is filtered in SQL). */
    boolean wantsFeeRecords() {
        return recordType == null || recordType == RecordType.USAGE || recordType == RecordType.ADJUSTMENT;
    }

    /** True when usage lines not settled yet (pay-per-use) of this kind ("USAGE" or "ADJUSTMENT") can match. */
    boolean wantsUnsettled(String kind) {
        return (recordType == null || recordType.name().equals(kind))
                && (billingMode == null || billingMode == BillingMode.PAY_PER_USE);
    }

    /** True when prepaid order lines can match. */
    boolean wantsOrders() {
        return recordType != RecordType.USAGE && recordType != RecordType.ADJUSTMENT
                && (billingMode == null || billingMode == BillingMode.YEARLY_MONTHLY);
    }
}
