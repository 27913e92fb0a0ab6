package io.tollgate.ledger;

import java.math.BigDecimal;

/**
 * How a charge was paid: the entry recorded (null for a zero charge), from cash, from credit, and
 * left as arrears. A usage credit (a negative charge) has the same parts negated: what went back to
 * cash, to credit used, and to arrears owed.
 */
public record ChargeResult(Long entryId, BigDecimal fromCash, BigDecimal fromCredit, BigDecimal toArrears) {
}
