package io.tollgate.settlement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PriceBook;
import io.tollgate.customer.CustomerService;
import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import io.tollgate.metering.PackageLedger;
import io.tollgate.rating.FeeLine;
import io.tollgate.rating.Rater;
import io.tollgate.resource.BillableSegment;
import io.tollgate.resource.ResourceChanged;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.Segment;
import io.tollgate.settlement.store.FeeTotalsStore;
import io.tollgate.settlement.store.SettlementStore;
import io.tollgate.settlement.store.SettlementStore.Advance;
import io.tollgate.settlement.store.SettlementStore.Claim;
import io.tollgate.shared.Hours;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Settles closed hours of pay-per-use usage: rate, record fee lines, deduct. */
@Service
public class SettlementService {
    public static final int MAX_BATCH_SIZE = 10_000;

    private final SettlementStore store;
    private final FeeTotalsStore totals;
    private final ResourceService resources;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final Deduction deduction;
    private final PackageLedger packages;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Duration delay;
    private final int batchSize;
    private final Counter settledCounter;

    public SettlementService(SettlementStore store, FeeTotalsStore totals, ResourceService resources, CatalogService catalog,
                             CustomerService customers, Deduction deduction, PackageLedger packages, Clock clock,
                             PlatformTransactionManager transactions, MeterRegistry metrics,
                             @Value("${tollgate.settlement.delay:PT5M}") Duration delay,
                             @Value("${tollgate.settlement.batch-size:5000}") int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("tollgate.settlement.batch-size must be 1.." + MAX_BATCH_SIZE);
        }
        this.store = store;
        this.totals = totals;
        this.resources = resources;
        this.catalog = catalog;
        this.customers = customers;
        this.deduction = deduction;
        this.packages = packages;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.delay = delay;
        this.batchSize = batchSize;
        this.settledCounter = Counter.builder("tollgate.settlement.resource.hours")
                .description("resource-hours settled").register(metrics);
    }

    /** The result of a settlement run: resource-hours settled and fee lines written. */
    public record Run(long resourceHours, long feeLines) {
    }

    /**
     * Rolls the days that are over (by {@code now}, in the billing zone) into the per-day totals
     * the cost analysis reads; returns the number of days rolled up.
     */
    public int rollUpDays(Instant now) {
        return totals.rollUpDays(now);
    }

    /**
     * Settles every hour that is due now, batch after batch, until none is left or
     * {@code maxBatches} ran. Each batch is its own transaction.
     */
    public Run settleDue(int maxBatches) {
        return settleDue(maxBatches, JobItems.STRICT);
    }

    /**
     * As {@link #settleDue(int)}, one resource's failure rolling back only that resource-hour: a
     * failed batch is settled again resource by resource and the failing ones are reported to
     * {@code items} (and left out while it holds them), the others go on.
     */
    public Run settleDue(int maxBatches, JobItems items) {
        Instant latestHour = latestSettleableHour();
        Map<String, String> currencies = new HashMap<>();
        long hours = 0;
        long lines = 0;
        for (int i = 0; i < maxBatches; i++) {
            Batches.Done batch = Batches.run(tx, () -> store.claimDue(latestHour, batchSize, items.held()),
                    Claim::resourceId, id -> store.claimOne(id, latestHour),
                    claims -> settleClaims(claims, currencies), items);
            if (batch.items() == 0) {
                break;
            }
            hours += batch.items();
            lines += batch.work();
        }
        return new Run(hours, lines);
    }

    /** The start of the latest hour that may be settled now: it closed at least {@code delay} ago. */
    public Instant latestSettleableHour() {
        return Hours.floor(clock.instant().minus(delay), clock.getZone()).minus(Hours.ONE);
    }

    /** When the next resource-hour becomes due (its hour closed, plus the delay), if any resource is billing. */
    public java.util.Optional<Instant> nextDue() {
        // Hours due already are the current run's (or held back); the next due time lies after them.
        return store.earliestActiveHour(latestSettleableHour()).map(this::dueTime);
    }

    /**
     * Locks a resource's settlement schedule row (if it has one) in the caller's transaction. A path
     * that moves money and then changes the resource (a paid mode change, a spec change, a renewal
     * that unfreezes) takes it first, so it locks in settlement's order: schedule, then accounts.
     */
    @org.springframework.transaction.annotation.Transactional(
            propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void lockSchedule(String resourceId) {
        store.lockSchedule(resourceId);
    }

    /** When the oldest resource-hour waiting now became due, if one is waiting. */
    public java.util.Optional<Instant> oldestDue() {
        return store.earliestActiveHour(Instant.EPOCH).map(this::dueTime).filter(t -> !t.isAfter(clock.instant()));
    }

    /** The first hour of a billing resource not settled yet (its settled hours lie before it), if it bills. */
    public java.util.Optional<Instant> firstOpenHour(String resourceId) {
        return store.schedule(resourceId).filter(SettlementStore.ScheduleRow::active)
                .map(SettlementStore.ScheduleRow::nextHour);
    }

    /** When the hour starting at {@code hour} may be settled: it closed, and the delay passed. */
    public Instant dueTime(Instant hour) {
        return hour.plus(Hours.ONE).plus(delay);
    }

    public long countDue() {
        return store.countDue(latestSettleableHour());
    }

    /** {@code currencies} caches customers' currencies over one run (a customer's currency never changes). */
    /** Settles the claimed resource-hours; returns the fee lines written. */
    private long settleClaims(List<Claim> claims, Map<String, String> currencies) {
        Instant from = claims.stream().map(Claim::hour).min(Instant::compareTo).orElseThrow();
        Map<String, List<BillableSegment>> byResource = resources
                .billableSegments(claims.stream().map(Claim::resourceId).toList(), from, clock.instant().plusSeconds(1))
                .stream().collect(Collectors.groupingBy(BillableSegment::resourceId));
        PriceBook book = catalog.priceBook();
        Instant now = clock.instant();

        List<RatedHour> rated = new ArrayList<>();
        List<Advance> advances = new ArrayList<>();
        for (Claim c : claims) {
            // Only pay-per-use stretches are settled here; prepaid ones were paid by their order.
            List<BillableSegment> segments = byResource.getOrDefault(c.resourceId(), List.of()).stream()
                    .filter(s -> s.billingMode() == io.tollgate.shared.BillingMode.PAY_PER_USE).toList();
            String currency = currencies.computeIfAbsent(c.customerId(), id -> customers.customer(id).currency());
            RatedHour hour = rate(c, segments, book, currency);
            if (!hour.lines().isEmpty()) {
                rated.add(hour);
            }
            Instant next = c.hour().plus(Hours.ONE);
            boolean continues = segments.stream().map(BillableSegment::segment)
                    .anyMatch(s -> s.endedAt() == null || s.endedAt().isAfter(next));
            advances.add(new Advance(c.resourceId(), next, continues));
        }
        List<FeeRecord> records = deduct(rated, now);
        store.insertFeeRecords(records);
        store.advance(advances);
        settledCounter.increment(claims.size());
        return records.size();
    }

    private record RatedHour(Claim claim, BillableSegment first, String currency, List<FeeLine> lines) {
    }

    private static RatedHour rate(Claim c, List<BillableSegment> segments, PriceBook book, String currency) {
        if (segments.isEmpty()) {
            return new RatedHour(c, null, currency, List.of());
        }
        BillableSegment first = segments.get(0);
        List<Segment> plain = segments.stream().map(BillableSegment::segment).toList();
        return new RatedHour(c, first, currency,
                Rater.rateHour(c.hour(), plain, book, first.region(), first.billingMode(), currency));
    }

    /**
     * The fee records of the rated hours, compute node-hours drawn from the customer's packages of
     * the spec first, charged with the month's carry ({@link Deduction}).
     */
    private List<FeeRecord> deduct(List<RatedHour> rated, Instant now) {
        List<FeeRecord> drafts = new ArrayList<>();
        PackageLedger.Draw draw = packages.lock(rated.stream().flatMap(h -> h.lines().stream()
                        .filter(l -> l.meter() == io.tollgate.resource.Meter.COMPUTE)
                        .map(l -> new PackageLedger.Key(h.claim().customerId(), l.specCode()))).distinct().toList(),
                rated.stream().map(h -> h.claim().hour()).min(Instant::compareTo).orElse(now));
        for (RatedHour h : rated) {
            int lineNo = 1;
            for (FeeLine l : h.lines()) {
                BigDecimal covered = l.meter() != io.tollgate.resource.Meter.COMPUTE ? BigDecimal.ZERO
                        : draw.consume(h.claim().customerId(), l.specCode(), l.usageQuantity(), l.periodStart());
                drafts.add(draft(h, l, lineNo++, covered, now));
            }
        }
        draw.save();
        return deduction.charge(deduction.discounted(drafts));
    }

    /**
     * A fee record of a rated line; {@code covered} node-hours of it came from packages, so only the
     * rest is priced: unit price x (usage - covered), half-up to 8 decimals.
     */
    private static FeeRecord draft(RatedHour h, FeeLine l, int lineNo, BigDecimal covered, Instant now) {
        BillableSegment r = h.first();
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        BigDecimal list = covered.signum() == 0 ? l.listAmount() : io.tollgate.shared.Amounts.toFeeScale(
                l.unitPrice().multiply(l.usageQuantity().subtract(covered)), java.math.RoundingMode.HALF_UP);
        BigDecimal amount = list.subtract(l.discountAmount());
        return new FeeRecord(0, r.customerId(), r.resourceId(), r.resourceType(), l.meter().name(), l.specCode(),
                r.region(), r.billingMode().name(), h.claim().hour(), lineNo, l.periodStart(), l.periodEnd(),
                l.usageSeconds(), l.quantity(), l.usageQuantity(), l.unit().name(), l.unitPrice(), l.priceId(),
                l.priceVersion(), h.currency(), list, l.discountAmount(), amount, zero, amount, zero, zero, zero,
                r.enterpriseProject(), r.tags(), null, now, "USAGE", null, BigDecimal.ZERO, covered);
    }

    /**
     * Keeps the schedule in step with lifecycle events, in the event's own transaction. An event
     * inside an hour that is already settled (a late STOPPED or DELETED, a freeze in a settled
     * hour) never rewrites the settled lines: the settled hours are rated again with the segments
     * as they are now, and the differences become ADJUSTMENT lines in the open hour, charged (or
     * credited) at once with the month's carry.
     */
    @EventListener
    public void onResourceChanged(ResourceChanged e) {
        var row = store.lockSchedule(e.resourceId());
        Instant eventHour = Hours.floor(e.occurredAt(), clock.getZone());
        if (row.isEmpty()) {
            store.insertSchedule(e.resourceId(), e.customerId(), openFrom(e, eventHour), e.billing());
            return;
        }
        if (e.occurredAt().isBefore(row.get().nextHour())) {
            adjustSettledHours(e.resourceId(), e.customerId(), eventHour, row.get().nextHour());
        }
        if (!row.get().active() && e.billing()) {
            Instant next = eventHour.isAfter(row.get().nextHour()) ? eventHour : row.get().nextHour();
            store.updateSchedule(e.resourceId(), openFrom(e, next), true);
        }
    }

    /**
     * Where billing of a resource that starts (or starts again) at {@code from} resumes. Hours of a
     * month whose statement is final are never billed into it (the V21_1 trigger refuses them):
     * a late event that starts billing there has those hours rated now and billed as ADJUSTMENT
     * lines in the open hour, and the schedule goes on from the first hour of the open months
     * (found by simulator seed 710: a STARTED event four days late, dated in a finalised month).
     */
    private Instant openFrom(ResourceChanged e, Instant from) {
        Instant closed = totals.closedBefore(e.customerId()).orElse(null);
        if (closed == null || !from.isBefore(closed)) {
            return from;
        }
        if (e.billing()) {
            adjustSettledHours(e.resourceId(), e.customerId(), from, closed);
        }
        return closed;
    }

    /** Re-rates the settled hours [from, settledThrough) of a resource and charges the differences as adjustments. */
    private void adjustSettledHours(String resourceId, String customerId, Instant from, Instant settledThrough) {
        List<BillableSegment> segments = resources.billableSegments(List.of(resourceId), from, settledThrough).stream()
                .filter(s -> s.billingMode() == io.tollgate.shared.BillingMode.PAY_PER_USE).toList();
        String currency = customers.customer(customerId).currency();
        PriceBook book = catalog.priceBook();
        Map<String, List<FeeLine>> rated = new java.util.TreeMap<>();
        for (Instant h = from; h.isBefore(settledThrough); h = h.plus(Hours.ONE)) {
            for (FeeLine l : rate(new Claim(resourceId, customerId, h), segments, book, currency).lines()) {
                rated.computeIfAbsent(SettlementStore.Billed.key(h, l.meter().name(), l.specCode()),
                        k -> new ArrayList<>()).add(l);
            }
        }
        Map<String, SettlementStore.Billed> billed = store.billedCapacity(resourceId, from, settledThrough);
        java.util.Set<String> keys = new java.util.TreeSet<>(rated.keySet());
        keys.addAll(billed.keySet());
        Instant now = clock.instant();
        Instant openHour = Hours.floor(now, clock.getZone());
        int lineNo = Math.max(store.maxLineNos(List.of(new SettlementStore.ResourceHour(resourceId, openHour)))
                .getOrDefault(resourceId + "|" + openHour, 0), FIRST_ADJUSTMENT_LINE_NO - 1);
        List<FeeRecord> drafts = new ArrayList<>();
        for (String key : keys) {
            List<FeeLine> lines = rated.getOrDefault(key, List.of());
            SettlementStore.Billed before = billed.get(key);
            BigDecimal newUsage = lines.stream().map(FeeLine::usageQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal usage = newUsage.subtract(before == null ? BigDecimal.ZERO : before.usage());
            // The hour is rated again at the discount it was billed with (the one in force in that hour),
            // so that the difference from what was billed (net of discount) is the correction alone.
            BigDecimal percent = before != null ? deduction.discountPercent(before.sample().customerId(),
                    before.sample().resourceType(), before.sample().region(), before.sample().periodStart())
                    : deduction.discountPercent(customerId, segments.get(0).resourceType(), segments.get(0).region(),
                    lines.get(0).periodStart());
            BigDecimal amount = lines.stream().map(FeeLine::amount)
                    .map(a -> a.subtract(io.tollgate.promotion.core.Discounts.amountOff(a, percent, 8)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add)
                    .subtract(before == null ? BigDecimal.ZERO : before.amount());
            if (before != null && before.packaged().signum() > 0) {
                // Package hours given for the hour stay given and count first; only the rest is priced again.
                BigDecimal billable = newUsage.subtract(before.packaged()).max(BigDecimal.ZERO);
                BigDecimal billedBillable = before.usage().subtract(before.packaged());
                BigDecimal list = io.tollgate.shared.Amounts.toFeeScale(before.sample().unitPrice()
                        .multiply(billable.subtract(billedBillable)), java.math.RoundingMode.HALF_UP);
                amount = list.subtract(io.tollgate.promotion.core.Discounts.amountOff(list, percent, 8));
            }
            if (amount.signum() == 0 && usage.signum() == 0) {
                continue;
            }
            // The adjustment names the line it corrects: the settled one, or (for an hour that was
            // billed too little) the line rating gives now.
            FeeRecord like = before != null ? before.sample()
                    : draft(new RatedHour(new Claim(resourceId, customerId, lines.get(0).periodStart()),
                            segments.get(0), currency, lines), lines.get(lines.size() - 1), 0, BigDecimal.ZERO, now);
            drafts.add(like.adjustment(Hours.floor(like.periodStart(), clock.getZone()), openHour, ++lineNo, usage,
                    amount, now));
        }
        store.insertFeeRecords(deduction.charge(drafts));
    }

    /** Adjustment lines of compute and capacity are numbered from here within their (resource, hour). */
    private static final int FIRST_ADJUSTMENT_LINE_NO = 200;

    /** A customer's fee records with hour in [from, to), optionally of one resource. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                      int limit) {
        return store.feeRecords(customerId, from, to, resourceId, afterId, limit);
    }
}
