package io.tollgate.ledger;

import java.math.BigDecimal;

/** A customer's money: cash held (never negative) and arrears owed (never positive). */
public record Balance(String customerId, String currency, BigDecimal cash, BigDecimal arrears) {
    public boolean inArrears() {
        return arrears.signum() < 0;
    }
}
