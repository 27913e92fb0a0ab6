package io.tollgate.settlement;

import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles rated usage lines hour by hour: the lines of one resource, meter and hour become one
 * fee record (an ADJUSTMENT record, naming its own hour, for lines that arrived after their hour
 * was settled), charged with the month's carry as compute is ({@link Deduction}). A batch claims
 * whole (resource, meter, hour) groups, so the batch size never splits a meter-hour.
 */
@Service
public class UsageSettlement {
    public static final int MAX_BATCH_GROUPS = 10_000;
    private static final int FIRST_USAGE_LINE_NO = 100;

    private final MeteringService metering;
    private final Deduction deduction;
    private final SettlementStore store;
    private final SettlementService hours;
    private final Clock clock;
    private final TransactionTemplate tx;
    /** Resource-meter-hours per batch (each with all its lines). */
    private final int batchGroups;

    public UsageSettlement(MeteringService metering, Deduction deduction, SettlementStore store,
                           SettlementService hours, Clock clock, PlatformTransactionManager transactions,
                           @Value("${tollgate.settlement.usage-batch-groups:2000}") int batchGroups) {
        if (batchGroups < 1 || batchGroups > MAX_BATCH_GROUPS) {
            throw new IllegalArgumentException("tollgate.settlement.usage-batch-groups must be 1.." + MAX_BATCH_GROUPS);
        }
        this.batchGroups = batchGroups;
        this.metering = metering;
        this.deduction = deduction;
        this.store = store;
        this.hours = hours;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** When the oldest unsettled usage hour became due, if one is waiting. */
    public Optional<Instant> oldestDue() {
        return metering.earliestUnsettledHour().map(hours::dueTime).filter(t -> !t.isAfter(clock.instant()));
    }

    /** Usage is settled on the same hours, with the same delay, as compute. */
    public Optional<Instant> nextDue() {
        return metering.earliestUnsettledHour().map(hours::dueTime);
    }

    /** Settles the usage of every hour that is due; returns the fee records written. */
    public long settleDue() {
        return settleDue(JobItems.STRICT);
    }

    /**
     * As {@link #settleDue()}, one resource's failure rolling back only its usage: a failed batch is
     * settled again resource by resource, the failing ones reported to {@code items} and left out
     * while it holds them. Once nothing else is left, records for the settled hours arrive late.
     */
    public long settleDue(JobItems items) {
        Instant through = hours.latestSettleableHour();
        long written = 0;
        while (true) {
            Batches.Done batch = Batches.run(tx, () -> metering.claimUnsettled(through, batchGroups, items.held()),
                    UsageLine::resourceId, id -> metering.claimUnsettledOf(through, id),
                    lines -> settleLines(lines, through), items);
            if (batch.items() == 0) {
                break;
            }
            written += batch.work();
        }
        tx.executeWithoutResult(status -> metering.finishSettlement(through.plus(Hours.ONE)));
        return written;
    }

    /** Settles claimed lines (whole groups); returns the fee records written. */
    private long settleLines(List<UsageLine> lines, Instant through) {
        Map<String, List<UsageLine>> groups = new LinkedHashMap<>();
        for (UsageLine l : lines) {
            groups.computeIfAbsent(String.join("|", l.customerId(), l.resourceId(), l.meter(), l.billingHour().toString(),
                    l.usageHour().toString(), Boolean.toString(l.adjustment())), k -> new ArrayList<>()).add(l);
        }
        Map<String, Integer> lineNos = new HashMap<>(store.maxLineNos(groups.values().stream()
                .map(g -> new SettlementStore.ResourceHour(g.get(0).resourceId(), g.get(0).billingHour())).distinct()
                .toList()));
        Instant now = clock.instant();
        List<FeeRecord> drafts = new ArrayList<>();
        for (List<UsageLine> group : groups.values()) {
            UsageLine first = group.get(0);
            String rh = first.resourceId() + "|" + first.billingHour();
            int lineNo = Math.max(lineNos.getOrDefault(rh, 0), FIRST_USAGE_LINE_NO - 1) + 1;
            lineNos.put(rh, lineNo);
            drafts.add(draft(group, lineNo, now));
        }
        List<FeeRecord> settled = deduction.charge(deduction.discounted(drafts));
        store.insertFeeRecords(settled);
        metering.markSettled(lines.stream().map(UsageLine::id).toList(), through.plus(Hours.ONE), false);
        return settled.size();
    }

    /** The fee record of one resource, meter and hour: quantities and amounts summed (charged later). */
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
        BigDecimal unitPrice = billable.signum() == 0 ? BigDecimal.ZERO
                : amount.divide(billable, Amounts.UNIT_PRICE_SCALE, RoundingMode.HALF_UP);
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new FeeRecord(0, f.customerId(), f.resourceId(), f.resourceType(), f.meter(), f.meter(), f.region(),
                "PAY_PER_USE", f.billingHour(), lineNo, f.usageHour(), f.usageHour().plus(Hours.ONE), 0, 0, quantity,
                f.priceUnit(), unitPrice, f.priceId(), f.priceVersion(), f.currency(), amount,
                Amounts.toFeeScale(BigDecimal.ZERO, RoundingMode.UNNECESSARY), amount, zero, amount,
                zero, zero, zero, f.enterpriseProject(), f.tags(), null, now, f.adjustment() ? "ADJUSTMENT" : "USAGE",
                f.adjustment() ? f.usageHour() : null, free, packaged);
    }
}
