package io.tollgate.settlement;

import io.tollgate.ledger.ChargeResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads how one charge was paid (cash, then credit, then arrears) over its fee lines in order,
 * so that each line's parts add up to its charged amount and all lines add up to the charge.
 */
record PaymentParts(BigDecimal cash, BigDecimal credit, BigDecimal arrears) {

    static List<PaymentParts> spread(ChargeResult paid, List<BigDecimal> charged) {
        BigDecimal cashLeft = paid.fromCash();
        BigDecimal creditLeft = paid.fromCredit();
        List<PaymentParts> parts = new ArrayList<>();
        for (BigDecimal amount : charged) {
            BigDecimal cash = cashLeft.min(amount.max(BigDecimal.ZERO));
            cashLeft = cashLeft.subtract(cash);
            BigDecimal credit = creditLeft.min(amount.subtract(cash).max(BigDecimal.ZERO));
            creditLeft = creditLeft.subtract(credit);
            parts.add(new PaymentParts(cash, credit, amount.subtract(cash).subtract(credit)));
        }
        return parts;
    }
}
