package io.tollgate.ledger;

import java.math.BigDecimal;

/** How a charge was paid: the entry recorded (null for a zero charge), from cash, from credit, and left as arrears. */
public record ChargeResult(Long entryId, BigDecimal fromCash, BigDecimal fromCredit, BigDecimal toArrears) {
}
