package io.tollgate.export;

import io.tollgate.billing.BillService;
import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.LineFilter;
import io.tollgate.billing.MoneyParts;
import io.tollgate.billing.MonthSummary;
import io.tollgate.billing.MonthSummaryService;
import io.tollgate.billing.TransactionView;
import io.tollgate.export.core.Csv;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Writes the CSV exports of a customer's month: transactions, the detailed bill and the month
 * summary. Each reads its source through the billing services' streaming reads (bounded pages)
 * and writes rows as they come, so memory does not grow with the month. Amounts have 8 decimals
 * (the fee scale), times the billing zone's offset.
 */
@Service
public class ExportService {
    static final List<String> DETAIL_COLUMNS = List.of("LineId", "Status", "RecordType", "Kind", "AmountKind",
            "ResourceId", "ServiceType", "ResourceType", "Meter", "SpecCode", "Region", "BillingMode", "BilledHour",
            "PeriodStart", "PeriodEnd", "AdjustsHour", "Usage", "FreeUsage", "PackageUsage", "Unit", "UnitPrice",
            "PriceVersion", "ListAmount", "DiscountAmount", "Amount", "ChargedAmount", "TruncatedAmount", "CouponAmount",
            "CashAmount", "CreditAmount", "ArrearsAmount", "Currency", "OrderId", "TransactionId", "EnterpriseProject",
            "Tags");
    private final BillService bills;
    private final MonthSummaryService summaries;
    private final DateTimeFormatter time;

    public ExportService(BillService bills, MonthSummaryService summaries, Clock clock) {
        this.bills = bills;
        this.summaries = summaries;
        this.time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(clock.getZone());
    }

    /** Money moved in the month: one row per ledger entry, the signed parts adding up to the amount. */
    public void writeTransactions(String customerId, BillingPeriod period, Appendable out) {
        Csv csv = new Csv(out);
        csv.row("TransactionId", "Type", "BusinessTime", "RecordedAt", "Reference", "Amount", "Cash", "Credit",
                "Coupons", "Arrears", "Currency");
        bills.forEachTransaction(customerId, period, (TransactionView t) -> csv.row(Long.toString(t.id()),
                t.type().name(), when(t.businessTime()), when(t.recordedAt()), t.reference(), amount(t.amount()),
                amount(t.cash()), amount(t.credit()), amount(t.coupons()), amount(t.arrears()), t.currency()));
    }

    /** Every line of the month's detailed bill (settled, prepaid and not yet settled), in the API's order. */
    public void writeDetail(String customerId, BillingPeriod period, Appendable out) {
        Csv csv = new Csv(out);
        csv.row(DETAIL_COLUMNS.toArray(String[]::new));
        bills.forEachLine(customerId, period, LineFilter.ALL, (FeeRecordView l) -> csv.row(Long.toString(l.id()),
                l.status(), l.recordType(), l.kind(), l.amountKind(), l.resourceId(), l.serviceType(), l.resourceType(),
                l.meter(), l.specCode(), l.region(), l.billingMode(), when(l.hourStart()), when(l.periodStart()),
                when(l.periodEnd()), when(l.adjustsHour()), l.usage(), l.freeUsage(), l.packageUsage(), l.unit(),
                l.unitPrice(), Integer.toString(l.priceVersion()), amount(l.listAmount()), amount(l.discountAmount()),
                amount(l.amount()), amount(l.chargedAmount()), amount(l.truncatedAmount()), amount(l.couponAmount()),
                amount(l.cashAmount()), amount(l.creditAmount()), amount(l.arrearsAmount()), l.currency(),
                l.orderId() == null ? null : Long.toString(l.orderId()),
                l.transactionId() == null ? null : Long.toString(l.transactionId()), l.enterpriseProject(),
                tags(l.tags())));
    }

    /** The month summary: the total, then one row per value of each dimension. */
    public void writeSummary(String customerId, BillingPeriod period, Appendable out) {
        MonthSummary s = summaries.summary(customerId, period);
        Csv csv = new Csv(out);
        csv.row("Month", "Dimension", "Value", "Lines", "ListAmount", "DiscountAmount", "TruncatedAmount", "AmountDue",
                "Cash", "Credit", "Coupons", "Arrears", "Currency");
        summaryRow(csv, s, "total", null, s.total());
        for (String dimension : MonthSummary.DIMENSIONS) {
            for (MonthSummary.Group g : s.by().getOrDefault(dimension, List.of())) {
                summaryRow(csv, s, dimension, g.key(), g.parts());
            }
        }
    }

    private static void summaryRow(Csv csv, MonthSummary s, String dimension, String value, MoneyParts p) {
        csv.row(s.month().toString(), dimension, value, Long.toString(p.lines()), amount(p.list()),
                amount(p.discount()), amount(p.truncated()), amount(p.due()), amount(p.paid().cash()),
                amount(p.paid().credit()), amount(p.paid().coupons()), amount(p.paid().arrears()), s.currency());
    }

    private String when(Instant t) {
        return t == null ? null : time.format(t);
    }

    static String amount(BigDecimal value) {
        return value == null ? null : Csv.decimal(value.setScale(8, java.math.RoundingMode.UNNECESSARY));
    }

    static String amount(String value) {
        return value == null ? null : amount(new BigDecimal(value));
    }

    /** Tags as {@code key=value;key=value}, keys sorted (a reader splits on ';' then the first '='). */
    private static String tags(java.util.Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(tags).forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=')
                .append(v == null ? "" : v));
        return b.toString();
    }
}
