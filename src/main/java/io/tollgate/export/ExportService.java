package io.tollgate.export;

import io.tollgate.billing.BillingPeriod;
import io.tollgate.customer.CustomerService;
import io.tollgate.export.core.Csv;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.Transaction;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Writes the CSV exports of a customer's month. Each reads its source in pages of
 * {@link #PAGE} rows with the source's own cursor and writes them as they come, so memory does not
 * grow with the month. Amounts have 8 decimals (the fee scale), times the billing zone's offset.
 */
@Service
public class ExportService {
    static final int PAGE = 2000;
    private final LedgerService ledger;
    private final CustomerService customers;
    private final Clock clock;

    public ExportService(LedgerService ledger, CustomerService customers, Clock clock) {
        this.ledger = ledger;
        this.customers = customers;
        this.clock = clock;
    }

    /** Money moved in the month: one row per ledger entry, the signed parts adding up to the amount. */
    public void writeTransactions(String customerId, BillingPeriod period, Appendable out) {
        String currency = customers.customer(customerId).currency();
        DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(clock.getZone());
        Csv csv = new Csv(out);
        csv.row("TransactionId", "Type", "BusinessTime", "RecordedAt", "Reference", "Amount", "Cash", "Credit",
                "Coupons", "Arrears", "Currency");
        long after = 0;
        while (true) {
            List<Transaction> page = ledger.transactions(customerId, period.start(), period.endExclusive(), after, PAGE);
            for (Transaction t : page) {
                Transaction.Parts p = t.parts();
                csv.row(Long.toString(t.id()), t.reason().name(), time.format(t.businessTime()),
                        time.format(t.recordedAt()), t.reference(), amount(t.amount()), amount(p.cash()),
                        amount(p.credit()), amount(p.coupons()), amount(p.arrears()), currency);
                after = t.id();
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    static String amount(BigDecimal value) {
        return Csv.decimal(value, 8);
    }
}
