package io.tollgate.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * A finalised monthly statement: immutable once written (a trigger refuses UPDATE and DELETE).
 * {@code balances} come from the ledger's postings; {@code bill} is the month summary's total.
 */
public record Statement(String number, String customerId, YearMonth month, String currency, Instant periodStart,
                        Instant periodEnd, Balances balances, BillTotal bill, Instant finalisedAt) {
    /**
     * The money of the customer's own accounts (cash less credit used less arrears) over the month:
     * opening - charges + payments + refunds + adjustments = closing; arrears owed at the end.
     */
    public record Balances(BigDecimal opening, BigDecimal charges, BigDecimal payments, BigDecimal refunds,
                           BigDecimal adjustments, BigDecimal closing, BigDecimal arrears) {
    }

    /** The month's bill: lines, list, discount, truncated and the amount due. */
    public record BillTotal(long lines, BigDecimal list, BigDecimal discount, BigDecimal truncated,
                            BigDecimal amountDue) {
    }

    public static String number(String customerId, YearMonth month) {
        return "ST-" + customerId + "-" + month;
    }
}
