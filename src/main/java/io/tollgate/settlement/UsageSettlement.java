package io.tollgate.settlement;

import io.tollgate.ledger.Charge;
import io.tollgate.ledger.ChargeResult;
import io.tollgate.ledger.LedgerService;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.UsageLine;
import io.tollgate.settlement.store.SettlementStore;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Hours;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles rated usage lines hour by hour: the lines of one resource, meter and hour become one
 * fee record (an ADJUSTMENT record, naming its own hour, for lines that arrived after their hour
 * was settled), and each customer's hour becomes one ledger charge, as for compute.
 */
@Service
public class UsageSettlement {
    static final int BATCH_LINES = 20_000;
    private static final int FIRST_USAGE_LINE_NO = 100;

    private final MeteringService metering;
    private final LedgerService ledger;
    private final SettlementStore store;
    private final SettlementService hours;
    private final Clock clock;
    private final TransactionTemplate tx;

    public UsageSettlement(MeteringService metering, LedgerService ledger, SettlementStore store,
                           SettlementService hours, Clock clock, PlatformTransactionManager transactions) {
        this.metering = metering;
        this.ledger = ledger;
        this.store = store;
        this.hours = hours;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Usage is settled on the same hours, with the same delay, as compute. */
    public Optional<Instant> nextDue() {
        return metering.earliestUnsettledHour().map(hours::dueTime);
    }

    /** Settles the usage of every hour that is due; returns the fee records written. */
    public long settleDue() {
        Instant through = hours.latestSettleableHour();
        long written = 0;
        while (true) {
            Long n = tx.execute(status -> settleBatch(through));
            if (n == null || n < 0) {
                break;
            }
            written += n;
        }
        return written;
    }

    /** One batch; returns the records written, or -1 once nothing is left up to {@code through}. */
    private long settleBatch(Instant through) {
        List<UsageLine> lines = metering.claimUnsettled(through, BATCH_LINES);
        boolean last = lines.size() < BATCH_LINES;
        if (lines.isEmpty()) {
            metering.markSettled(List.of(), through.plus(Hours.ONE), true);
            return -1;
        }
        Map<String, List<UsageLine>> groups = new LinkedHashMap<>();
        for (UsageLine l : lines) {
            groups.computeIfAbsent(String.join("|", l.customerId(), l.resourceId(), l.meter(), l.billingHour().toString(),
                    l.usageHour().toString(), Boolean.toString(l.adjustment())), k -> new ArrayList<>()).add(l);
        }
        Map<String, Integer> lineNos = new HashMap<>(store.maxLineNos(groups.values().stream()
                .map(g -> new SettlementStore.ResourceHour(g.get(0).resourceId(), g.get(0).billingHour())).distinct()
                .toList()));
        Instant now = clock.instant();
        Map<String, List<FeeRecord>> byCustomerHour = new LinkedHashMap<>();
        for (List<UsageLine> group : groups.values()) {
            UsageLine first = group.get(0);
            String rh = first.resourceId() + "|" + first.billingHour();
            int lineNo = Math.max(lineNos.getOrDefault(rh, 0), FIRST_USAGE_LINE_NO - 1) + 1;
            lineNos.put(rh, lineNo);
            byCustomerHour.computeIfAbsent(first.customerId() + "|" + first.billingHour(), k -> new ArrayList<>())
                    .add(draft(group, lineNo, now));
        }
        List<Charge> charges = new ArrayList<>();
        for (List<FeeRecord> records : byCustomerHour.values()) {
            FeeRecord any = records.get(0);
            BigDecimal total = records.stream().map(FeeRecord::chargedAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
            charges.add(new Charge(any.customerId(), any.currency(), total, any.hourStart(),
                    "usage:" + any.hourStart()));
        }
        List<ChargeResult> paid = ledger.charge(charges);
        List<FeeRecord> settled = new ArrayList<>();
        int c = 0;
        for (List<FeeRecord> records : byCustomerHour.values()) {
            ChargeResult result = paid.get(c++);
            List<PaymentParts> parts = PaymentParts.spread(result, records.stream().map(FeeRecord::chargedAmount)
                    .toList());
            for (int i = 0; i < records.size(); i++) {
                settled.add(withPayment(records.get(i), parts.get(i), result.entryId()));
            }
        }
        store.insertFeeRecords(settled);
        metering.markSettled(lines.stream().map(UsageLine::id).toList(), through.plus(Hours.ONE), last);
        return settled.size();
    }

    /** The fee record of one resource, meter and hour: quantities and amounts summed, charged at the cent. */
    private static FeeRecord draft(List<UsageLine> group, int lineNo, Instant now) {
        UsageLine f = group.get(0);
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal free = BigDecimal.ZERO;
        BigDecimal packaged = BigDecimal.ZERO;
        BigDecimal billable = BigDecimal.ZERO;
        BigDecimal amount = BigDecimal.ZERO;
        for (UsageLine l : group) {
            quantity = quantity.add(l.quantity());
            free = free.add(l.freeQuantity());
            packaged = packaged.add(l.packageQuantity());
            billable = billable.add(l.billableQuantity());
            amount = amount.add(l.amount());
        }
        amount = Amounts.toFeeScale(amount, RoundingMode.HALF_UP);
        BigDecimal charged = Amounts.toCents(amount, RoundingMode.HALF_UP);
        BigDecimal unitPrice = billable.signum() == 0 ? BigDecimal.ZERO
                : amount.divide(billable, Amounts.UNIT_PRICE_SCALE, RoundingMode.HALF_UP);
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new FeeRecord(0, f.customerId(), f.resourceId(), f.resourceType(), f.meter(), f.meter(), f.region(),
                "PAY_PER_USE", f.billingHour(), lineNo, f.usageHour(), f.usageHour().plus(Hours.ONE), 0, 0, quantity,
                f.priceUnit(), unitPrice, f.priceId(), f.priceVersion(), f.currency(), amount,
                Amounts.toFeeScale(BigDecimal.ZERO, RoundingMode.UNNECESSARY), amount, charged, amount.subtract(charged),
                zero, zero, zero, f.enterpriseProject(), f.tags(), null, now, f.adjustment() ? "ADJUSTMENT" : "USAGE",
                f.adjustment() ? f.usageHour() : null, free, packaged);
    }

    private static FeeRecord withPayment(FeeRecord r, PaymentParts p, Long entryId) {
        return new FeeRecord(r.id(), r.customerId(), r.resourceId(), r.resourceType(), r.meter(), r.specCode(),
                r.region(), r.billingMode(), r.hourStart(), r.lineNo(), r.periodStart(), r.periodEnd(), r.usageSeconds(),
                r.quantity(), r.usageQuantity(), r.unit(), r.unitPrice(), r.priceId(), r.priceVersion(), r.currency(),
                r.listAmount(), r.discountAmount(), r.amount(), r.chargedAmount(), r.truncatedAmount(), p.cash(),
                p.credit(), p.arrears(), r.enterpriseProject(), r.tags(), entryId, r.settledAt(), r.kind(),
                r.adjustsHour(), r.freeQuantity(), r.packageQuantity());
    }
}
