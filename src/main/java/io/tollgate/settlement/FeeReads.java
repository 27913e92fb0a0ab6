package io.tollgate.settlement;

import io.tollgate.settlement.store.FeeTotalsStore;
import io.tollgate.settlement.store.SettlementStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What billing reads of settlement beyond single lines: filtered pages of fee records, the month
 * totals of the aggregate, the per-hour charges of amortization, whether a customer's hours before
 * an instant are all settled, and the close of a finalised month (after which no fee record may be
 * billed into it: the insert trigger of V21_1 refuses it).
 */
@Service
public class FeeReads {
    private final SettlementStore store;
    private final FeeTotalsStore totals;

    FeeReads(SettlementStore store, FeeTotalsStore totals) {
        this.store = store;
        this.totals = totals;
    }

    /** Fee records billed in [from, to) matching {@code q}, by id after {@code afterId}, at most {@code limit}. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to, FeeRecordQuery q, long afterId,
                                      int limit) {
        return store.feeRecords(customerId, from, to, q, afterId, limit);
    }

    /**
     * The fee records billed in [from, to) as CSV rows the database formats, one {@code byte[]}
     * (UTF-8, ending in LF) per row to {@code sink} as it arrives: the exports' fast path, nothing of
     * the month held in memory.
     */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public void copyFeeRecords(String customerId, Instant from, Instant to, List<FeeCsvSelect> selects,
                               java.util.function.Consumer<byte[]> sink) {
        store.copyFeeRecords(customerId, from, to, selects, sink);
    }

    /** Fee sums grouped by period and keys (the cost centre's analysis), from the per-hour totals. */
    public void groups(String customerId, FeeGroups.Query q, java.util.function.Consumer<FeeGroups.Group> sink) {
        totals.groups(customerId, q, sink);
    }

    /** Totals of the fee records billed in [from, to) by resource type, billing mode, project and kind. */
    public List<FeeTotal> totals(String customerId, Instant from, Instant to) {
        return totals.totals(customerId, from, to);
    }

    /** Charged amounts per resource and usage hour for usage hours in [from, to), optionally of one resource. */
    public List<HourCharge> hourCharges(String customerId, Instant from, Instant to, String resourceId) {
        return totals.hourCharges(customerId, from, to, resourceId);
    }

    /** True when some schedule row of the customer still has an hour before {@code before} to settle. */
    public boolean hasDueBefore(String customerId, Instant before) {
        return totals.hasDueBefore(customerId, before);
    }

    /** From now on no fee record of the customer may be billed in an hour before {@code before}. */
    public void closeBefore(String customerId, Instant before) {
        totals.closeBefore(customerId, before);
    }
}
