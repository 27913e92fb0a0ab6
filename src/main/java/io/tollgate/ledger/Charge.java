package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A deduction to make from a customer: an amount at the cent, for usage at a business time. A
 * negative amount is a usage credit (a fee that went down), given back in reverse payment order.
 */
public record Charge(String customerId, String currency, BigDecimal amount, Instant businessTime, String reference) {
}
