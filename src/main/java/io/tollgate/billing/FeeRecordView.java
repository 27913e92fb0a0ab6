package io.tollgate.billing;

import io.tollgate.metering.UsageLine;
import io.tollgate.settlement.FeeRecord;
import io.tollgate.shared.Amounts;
import java.time.Instant;
import java.util.Map;

/**
 * A line of the detailed bill as the API and the scenario runner show it: amounts as strings.
 * {@code hourStart} is the hour the line is billed in (its billing month is that hour's month);
 * an ADJUSTMENT line is billed in the hour it was made and names the hour it corrects in
 * {@code adjustsHour}. {@code amountKind} is {@code CHARGE}, {@code VOLUME_TIER_CREDIT} for a
 * negative usage amount (usage that moved the month into a cheaper volume tier, credited with the
 * positive usage that caused it), or {@code CREDIT} for a negative compute or capacity adjustment
 * (a late stop or delete), or {@code REFUND} for money a prepaid order gave back.
 * {@code recordType} is the line's {@link io.tollgate.billing.core.RecordType}; prepaid lines
 * ({@link OrderLines}) have status {@code PAID}, their order in {@code orderId}, and belong to the
 * month of their payment (or refund) time, which is their {@code hourStart}. {@code handlingFee}
 * is what an unsubscription kept back of the money in use (billing-rules: the handling fee), null
 * on every other line.
 */
public record FeeRecordView(long id, String status, String kind, String resourceId, String resourceType, String meter,
                            String specCode, String region, String billingMode, Instant hourStart, Instant periodStart,
                            Instant periodEnd,
                            Instant adjustsHour, int usageSeconds, int quantity, String usage, String freeUsage,
                            String packageUsage, String unit, String unitPrice, int priceVersion, String listAmount,
                            String discountAmount, String amount, String chargedAmount, String truncatedAmount,
                            String cashAmount, String creditAmount, String arrearsAmount, String currency,
                            String enterpriseProject, Map<String, String> tags, Long transactionId,
                            String amountKind, String recordType, String serviceType, String couponAmount,
                            Long orderId, String handlingFee) {
    /** A settled line. */
    public static FeeRecordView of(FeeRecord f) {
        return of(f, null);
    }

    /** A settled line of a resource type of {@code serviceType}. */
    public static FeeRecordView of(FeeRecord f, String serviceType) {
        return new FeeRecordView(f.id(), "SETTLED", f.kind(), f.resourceId(), f.resourceType(), f.meter(), f.specCode(),
                f.region(), f.billingMode(), f.hourStart(), f.periodStart(), f.periodEnd(), f.adjustsHour(), f.usageSeconds(),
                f.quantity(), Amounts.format(f.usageQuantity()), Amounts.format(f.freeQuantity()),
                Amounts.format(f.packageQuantity()), f.unit(), Amounts.format(f.unitPrice()), f.priceVersion(),
                Amounts.format(f.listAmount()), Amounts.format(f.discountAmount()), Amounts.format(f.amount()),
                Amounts.format(f.chargedAmount()), Amounts.format(f.truncatedAmount()),
                Amounts.format(f.cashAmount()), Amounts.format(f.creditAmount()), Amounts.format(f.arrearsAmount()),
                f.currency(), f.enterpriseProject(), f.tags(), f.entryId(), amountKind(f), f.kind(), serviceType,
                Amounts.format(f.couponAmount()), null, null);
    }

    /** CHARGE for a line that costs, else the kind of credit it is (a capacity meter's or a cheaper volume tier's). */
    static String amountKind(FeeRecord f) {
        if (f.amount().signum() >= 0) {
            return UsageLine.Kind.CHARGE.name();
        }
        boolean capacity = f.meter().equals("COMPUTE") || f.meter().equals("DISK") || f.meter().equals("STORAGE");
        return capacity ? "CREDIT" : UsageLine.Kind.VOLUME_TIER_CREDIT.name();
    }

    /**
     * A usage record rated on arrival and not settled yet: its amount is final, its charge (at the
     * cent, per resource, meter and hour) and how it is paid come with the hourly settlement.
     */
    public static FeeRecordView unsettled(UsageLine l) {
        return unsettled(l, null);
    }

    /** A usage line not settled yet, of a resource type of {@code serviceType}. */
    public static FeeRecordView unsettled(UsageLine l, String serviceType) {
        String zero = "0.00";
        return new FeeRecordView(l.id(), "UNSETTLED", l.adjustment() ? "ADJUSTMENT" : "USAGE", l.resourceId(),
                l.resourceType(), l.meter(), l.meter(), l.region(), "PAY_PER_USE", l.billingHour(), l.usageHour(),
                l.usageHour().plus(java.time.Duration.ofHours(1)), l.adjustment() ? l.usageHour() : null, 0, 0,
                Amounts.format(l.quantity()), Amounts.format(l.freeQuantity()), Amounts.format(l.packageQuantity()),
                l.priceUnit(), null, l.priceVersion(), Amounts.format(l.amount()), "0.00000000",
                Amounts.format(l.amount()), null, null, zero, zero, zero, l.currency(), l.enterpriseProject(), l.tags(),
                null, l.kind().name(), l.adjustment() ? "ADJUSTMENT" : "USAGE", serviceType, zero, null, null);
    }
}
