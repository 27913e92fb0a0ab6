package io.tollgate.ledger;

import java.time.Instant;

/**
 * Recorded (ledger_arrears_change) in the transaction that moved a customer into arrears (a
 * charge the cash could not cover) or out of them (a top-up or refund that paid them off), with
 * the business time it happened; the lifecycle claims and applies it afterwards.
 */
public record ArrearsChanged(String customerId, boolean inArrears, Instant at) {
}
