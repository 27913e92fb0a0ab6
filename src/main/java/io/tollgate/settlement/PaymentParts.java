package io.tollgate.settlement;

import io.tollgate.ledger.ChargeResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads how one charge was paid (coupons per line first, then cash, then credit, then arrears) over its fee lines in order,
 * so that each line's parts add up to its charged amount and all lines add up to the charge. The
 * lines of one charge all have the same sign: a usage credit (negative lines) is spread the same
 * way with every part negated.
 */
record PaymentParts(BigDecimal coupon, BigDecimal cash, BigDecimal credit, BigDecimal arrears) {

    PaymentParts(BigDecimal cash, BigDecimal credit, BigDecimal arrears) {
        this(BigDecimal.ZERO.setScale(2), cash, credit, arrears);
    }

    static List<PaymentParts> spread(ChargeResult paid, List<BigDecimal> charged) {
        return spread(paid, charged, List.of());
    }

    /**
     * As {@link #spread(ChargeResult, List)}, each line's {@code coupons} part (what cash coupons
     * paid of it; empty: none) coming first; the rest of each line is spread as before.
     */
    static List<PaymentParts> spread(ChargeResult paid, List<BigDecimal> charged, List<BigDecimal> coupons) {
        boolean credit = charged.stream().anyMatch(a -> a.signum() < 0);
        if (credit && charged.stream().anyMatch(a -> a.signum() > 0)) {
            throw new IllegalArgumentException("the lines of one charge have one sign: " + charged);
        }
        int sign = credit ? -1 : 1;
        BigDecimal cashLeft = paid.fromCash().multiply(BigDecimal.valueOf(sign));
        BigDecimal creditLeft = paid.fromCredit().multiply(BigDecimal.valueOf(sign));
        List<PaymentParts> parts = new ArrayList<>();
        for (int i = 0; i < charged.size(); i++) {
            BigDecimal coupon = coupons.isEmpty() ? BigDecimal.ZERO.setScale(2) : coupons.get(i);
            BigDecimal amount = charged.get(i).abs().subtract(coupon);
            BigDecimal cash = cashLeft.min(amount);
            cashLeft = cashLeft.subtract(cash);
            BigDecimal fromCredit = creditLeft.min(amount.subtract(cash));
            creditLeft = creditLeft.subtract(fromCredit);
            BigDecimal arrears = amount.subtract(cash).subtract(fromCredit);
            parts.add(credit ? new PaymentParts(cash.negate(), fromCredit.negate(), arrears.negate())
                    : new PaymentParts(coupon, cash, fromCredit, arrears));
        }
        return parts;
    }
}
