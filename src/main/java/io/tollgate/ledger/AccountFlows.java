package io.tollgate.ledger;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What moved a customer's own money (CASH, CREDIT and ARREARS together: cash less credit used
 * less arrears) over a range of business time, recomputed from the postings: the balance before,
 * the signed sum per reason, the balance after and the arrears owed after (positive).
 */
public record AccountFlows(BigDecimal balanceBefore, Map<Reason, BigDecimal> byReason, BigDecimal balanceAfter,
                           BigDecimal arrearsAfter) {
    public BigDecimal of(Reason reason) {
        return byReason.getOrDefault(reason, BigDecimal.ZERO.setScale(2));
    }
}
