package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Money that moved for a customer: one journal entry, seen from the customer's side.
 * {@code parts} are the signed changes of its accounts (cash, credit used, coupons, arrears);
 * {@code amount} is the money concerned (a charge, an order, a top-up, a refund), always positive,
 * and the sum of the parts' sizes: an order paid on credit is its full amount, with the parts shown.
 */
public record Transaction(long id, Reason reason, Instant businessTime, Instant recordedAt, String reference,
                          BigDecimal amount, Parts parts) {

    /** The signed change of each customer account; negative where the customer paid. */
    public record Parts(BigDecimal cash, BigDecimal credit, BigDecimal coupons, BigDecimal arrears) {
        public BigDecimal total() {
            return cash.add(credit).add(coupons).add(arrears);
        }
    }
}
