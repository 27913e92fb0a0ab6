package io.tollgate.billing;

import io.tollgate.ledger.Reason;
import io.tollgate.ledger.Transaction;
import io.tollgate.shared.Amounts;
import java.time.Instant;

/**
 * A transaction as the API and the scenario runner show it: amounts as strings, with the currency.
 * {@code amount} is the whole money concerned; {@code cash}, {@code credit}, {@code coupons} and
 * {@code arrears} are the signed parts (negative where the customer paid), adding up to it.
 */
public record TransactionView(long id, Reason type, Instant businessTime, Instant recordedAt, String reference,
                              String amount, String cash, String credit, String coupons, String arrears,
                              String currency) {
    public static TransactionView of(Transaction t, String currency) {
        Transaction.Parts p = t.parts();
        return new TransactionView(t.id(), t.reason(), t.businessTime(), t.recordedAt(), t.reference(),
                Amounts.format(t.amount()), Amounts.format(p.cash()), Amounts.format(p.credit()),
                Amounts.format(p.coupons()), Amounts.format(p.arrears()), currency);
    }
}
