package io.tollgate.billing;

import io.tollgate.settlement.FeeRecord;
import io.tollgate.shared.Amounts;
import java.time.Instant;
import java.util.Map;

/** A line of the detailed bill as the API and the scenario runner show it: amounts as strings. */
public record FeeRecordView(long id, String resourceId, String resourceType, String meter, String specCode,
                            String region, String billingMode, Instant periodStart, Instant periodEnd,
                            int usageSeconds, int quantity, String usage, String unit, String unitPrice,
                            int priceVersion, String listAmount, String discountAmount, String amount,
                            String chargedAmount, String truncatedAmount, String cashAmount, String creditAmount,
                            String arrearsAmount,
                            String currency, String enterpriseProject, Map<String, String> tags, Long transactionId) {
    public static FeeRecordView of(FeeRecord f) {
        return new FeeRecordView(f.id(), f.resourceId(), f.resourceType(), f.meter(), f.specCode(), f.region(),
                f.billingMode(), f.periodStart(), f.periodEnd(), f.usageSeconds(), f.quantity(),
                Amounts.format(f.usageQuantity()), f.unit(), Amounts.format(f.unitPrice()), f.priceVersion(),
                Amounts.format(f.listAmount()), Amounts.format(f.discountAmount()), Amounts.format(f.amount()),
                Amounts.format(f.chargedAmount()), Amounts.format(f.truncatedAmount()),
                Amounts.format(f.cashAmount()), Amounts.format(f.creditAmount()), Amounts.format(f.arrearsAmount()),
                f.currency(),
                f.enterpriseProject(), f.tags(), f.entryId());
    }
}
