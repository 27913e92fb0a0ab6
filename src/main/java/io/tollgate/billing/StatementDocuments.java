package io.tollgate.billing;

import io.tollgate.shared.Amounts;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** A statement as the files a finance person downloads: CSV (one header, one row) and PDF. */
@Component
public class StatementDocuments {
    static final String CSV_HEADER = "number,customer_id,month,currency,period_start,period_end,opening_balance,"
            + "charges,payments,refunds,adjustments,closing_balance,arrears,lines,list_amount,discount_amount,"
            + "truncated_amount,amount_due,finalised_at";
    private final Clock clock;

    StatementDocuments(Clock clock) {
        this.clock = clock;
    }

    public String csv(Statement s) {
        Statement.Balances b = s.balances();
        Statement.BillTotal t = s.bill();
        List<String> row = List.of(s.number(), s.customerId(), s.month().toString(), s.currency(), time(s.periodStart()),
                time(s.periodEnd()), Amounts.format(b.opening()), Amounts.format(b.charges()),
                Amounts.format(b.payments()), Amounts.format(b.refunds()), Amounts.format(b.adjustments()),
                Amounts.format(b.closing()), Amounts.format(b.arrears()), Long.toString(t.lines()),
                Amounts.format(t.list()), Amounts.format(t.discount()), Amounts.format(t.truncated()),
                Amounts.format(t.amountDue()), time(s.finalisedAt()));
        return CSV_HEADER + "\r\n" + String.join(",", row.stream().map(StatementDocuments::field).toList()) + "\r\n";
    }

    public byte[] pdf(Statement s) {
        Statement.Balances b = s.balances();
        Statement.BillTotal t = s.bill();
        String c = " " + s.currency();
        return StatementPdf.write(List.of(
                "Statement " + s.number(),
                "Customer: " + s.customerId() + "    Month: " + s.month() + "    Currency: " + s.currency(),
                "Period: " + time(s.periodStart()) + " to " + time(s.periodEnd()) + " (exclusive)",
                "Finalised: " + time(s.finalisedAt()),
                "",
                "Opening balance: " + Amounts.format(b.opening()) + c,
                "Charges: " + Amounts.format(b.charges()) + c,
                "Payments (top-ups): " + Amounts.format(b.payments()) + c,
                "Refunds: " + Amounts.format(b.refunds()) + c,
                "Adjustments: " + Amounts.format(b.adjustments()) + c,
                "Closing balance: " + Amounts.format(b.closing()) + c,
                "Arrears: " + Amounts.format(b.arrears()) + c,
                "",
                "Bill of the month: " + t.lines() + " lines",
                "List amount: " + Amounts.format(t.list()) + c,
                "Discount: " + Amounts.format(t.discount()) + c,
                "Truncated: " + Amounts.format(t.truncated()) + c,
                "Amount due: " + Amounts.format(t.amountDue()) + c,
                "",
                "Closing = opening - charges + payments + refunds + adjustments. Balances are cash less credit used",
                "less arrears. Data arriving after finalisation is billed as adjustments in the next open month."));
    }

    private String time(java.time.Instant t) {
        return t.atZone(clock.getZone()).toOffsetDateTime().toString();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private static String field(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
