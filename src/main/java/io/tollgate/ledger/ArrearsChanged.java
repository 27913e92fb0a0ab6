package io.tollgate.ledger;

import java.time.Instant;

/**
 * Published in the transaction that moved a customer into arrears (a charge the cash could not
 * cover) or out of them (a top-up that paid them off), with the business time it happened.
 */
public record ArrearsChanged(String customerId, boolean inArrears, Instant at) {
}
