package io.tollgate.settlement;

import java.math.BigDecimal;

/**
 * The sum of a customer's fee records over a range of billed hours for one summary key (resource
 * type, billing mode, enterprise project, kind), read from the aggregate the lines' insert keeps.
 */
public record FeeTotal(String resourceType, String billingMode, String enterpriseProject, String kind,
                       String currency, long lines, Parts parts) {
    /** The money of the lines: list, discount, amount (8 decimals), charged, truncated and how it was paid. */
    public record Parts(BigDecimal list, BigDecimal discount, BigDecimal amount, BigDecimal charged,
                        BigDecimal truncated, BigDecimal cash, BigDecimal credit, BigDecimal coupon,
                        BigDecimal arrears) {
    }
}
