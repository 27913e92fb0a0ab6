package io.tollgate.billing;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * A customer's month: the total and the totals by service type, resource type, billing mode,
 * enterprise project and record type, each summing the month's settled and paid lines.
 */
public record MonthSummary(String customerId, YearMonth month, String currency, MoneyParts total,
                           Map<String, List<Group>> by) {
    /** One value of a dimension (e.g. service type "modelarts") and its lines' money. */
    public record Group(String key, MoneyParts parts) {
    }

    public static final List<String> DIMENSIONS = List.of("serviceType", "resourceType", "billingMode",
            "enterpriseProject", "recordType");
}
