package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Money that moved for a customer: one journal entry, seen from the customer's side.
 * {@code cash} and {@code arrears} are the signed changes of those accounts; {@code amount} is
 * the money concerned (a charge or a top-up), always positive.
 */
public record Transaction(long id, Reason reason, Instant businessTime, Instant recordedAt, String reference,
                          BigDecimal amount, BigDecimal cash, BigDecimal arrears) {
}
