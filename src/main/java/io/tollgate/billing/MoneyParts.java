package io.tollgate.billing;

import java.math.BigDecimal;

/**
 * The money of a set of bill lines: list, discount and truncated amounts, the amount due (list -
 * discount - truncated, billing-rules §8) and how it was paid (cash + credit + coupons + arrears =
 * amount due), with the number of lines.
 */
public record MoneyParts(long lines, BigDecimal list, BigDecimal discount, BigDecimal truncated, BigDecimal due,
                         Paid paid) {
    /** How an amount due was paid. */
    public record Paid(BigDecimal cash, BigDecimal credit, BigDecimal coupons, BigDecimal arrears) {
        Paid plus(Paid o) {
            return new Paid(cash.add(o.cash), credit.add(o.credit), coupons.add(o.coupons), arrears.add(o.arrears));
        }
    }

    public static final MoneyParts ZERO = new MoneyParts(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, new Paid(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));

    public MoneyParts plus(MoneyParts o) {
        return new MoneyParts(lines + o.lines, list.add(o.list), discount.add(o.discount), truncated.add(o.truncated),
                due.add(o.due), paid.plus(o.paid));
    }
}
