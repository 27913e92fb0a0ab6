package io.tollgate.settlement;

import io.tollgate.ledger.ChargeResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads how one charge was paid (cash, then credit, then arrears) over its fee lines in order,
 * so that each line's parts add up to its charged amount and all lines add up to the charge. The
 * lines of one charge all have the same sign: a usage credit (negative lines) is spread the same
 * way with every part negated.
 */
record PaymentParts(BigDecimal cash, BigDecimal credit, BigDecimal arrears) {

    static List<PaymentParts> spread(ChargeResult paid, List<BigDecimal> charged) {
        boolean credit = charged.stream().anyMatch(a -> a.signum() < 0);
        if (credit && charged.stream().anyMatch(a -> a.signum() > 0)) {
            throw new IllegalArgumentException("the lines of one charge have one sign: " + charged);
        }
        int sign = credit ? -1 : 1;
        BigDecimal cashLeft = paid.fromCash().multiply(BigDecimal.valueOf(sign));
        BigDecimal creditLeft = paid.fromCredit().multiply(BigDecimal.valueOf(sign));
        List<PaymentParts> parts = new ArrayList<>();
        for (BigDecimal line : charged) {
            BigDecimal amount = line.abs();
            BigDecimal cash = cashLeft.min(amount);
            cashLeft = cashLeft.subtract(cash);
            BigDecimal fromCredit = creditLeft.min(amount.subtract(cash));
            creditLeft = creditLeft.subtract(fromCredit);
            BigDecimal arrears = amount.subtract(cash).subtract(fromCredit);
            parts.add(credit ? new PaymentParts(cash.negate(), fromCredit.negate(), arrears.negate())
                    : new PaymentParts(cash, fromCredit, arrears));
        }
        return parts;
    }
}
