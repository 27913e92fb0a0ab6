package io.tollgate.billing;

import io.tollgate.ledger.Reason;
import io.tollgate.ledger.Transaction;
import io.tollgate.shared.Amounts;
import java.time.Instant;

/** A transaction as the API and the scenario runner show it: amounts as strings, with the currency. */
public record TransactionView(long id, Reason type, Instant businessTime, Instant recordedAt, String reference,
                              String amount, String cash, String arrears, String currency) {
    public static TransactionView of(Transaction t, String currency) {
        return new TransactionView(t.id(), t.reason(), t.businessTime(), t.recordedAt(), t.reference(),
                Amounts.format(t.amount()), Amounts.format(t.cash()), Amounts.format(t.arrears()), currency);
    }
}
