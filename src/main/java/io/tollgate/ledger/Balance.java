package io.tollgate.ledger;

import java.math.BigDecimal;

/**
 * A customer's money: cash held (never negative), arrears owed (never positive), credit used
 * (zero or more) out of the credit limit.
 */
public record Balance(String customerId, String currency, BigDecimal cash, BigDecimal arrears, BigDecimal creditUsed,
                      BigDecimal creditLimit) {
    public boolean inArrears() {
        return arrears.signum() < 0;
    }
}
