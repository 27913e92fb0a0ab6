package io.tollgate.settlement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PriceBook;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.Charge;
import io.tollgate.ledger.ChargeResult;
import io.tollgate.ledger.LedgerService;
import io.tollgate.rating.FeeLine;
import io.tollgate.rating.Rater;
import io.tollgate.resource.BillableSegment;
import io.tollgate.resource.ResourceChanged;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.Segment;
import io.tollgate.settlement.store.SettlementStore;
import io.tollgate.settlement.store.SettlementStore.Advance;
import io.tollgate.settlement.store.SettlementStore.Claim;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Hours;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final ResourceService resources;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Duration delay;
    private final int batchSize;
    private final Counter settledCounter;

    public SettlementService(SettlementStore store, ResourceService resources, CatalogService catalog,
                             CustomerService customers, LedgerService ledger, Clock clock,
                             PlatformTransactionManager transactions, MeterRegistry metrics,
                             @Value("${tollgate.settlement.delay:PT5M}") Duration delay,
                             @Value("${tollgate.settlement.batch-size:5000}") int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("tollgate.settlement.batch-size must be 1.." + MAX_BATCH_SIZE);
        }
        this.store = store;
        this.resources = resources;
        this.catalog = catalog;
        this.customers = customers;
        this.ledger = ledger;
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
     * Settles every hour that is due now, batch after batch, until none is left or
     * {@code maxBatches} ran. Each batch is its own transaction.
     */
    public Run settleDue(int maxBatches) {
        Instant latestHour = latestSettleableHour();
        Map<String, String> currencies = new HashMap<>();
        long hours = 0;
        long lines = 0;
        for (int i = 0; i < maxBatches; i++) {
            Run batch = tx.execute(status -> settleBatch(latestHour, currencies));
            if (batch == null || batch.resourceHours() == 0) {
                break;
            }
            hours += batch.resourceHours();
            lines += batch.feeLines();
        }
        return new Run(hours, lines);
    }

    /** The start of the latest hour that may be settled now: it closed at least {@code delay} ago. */
    public Instant latestSettleableHour() {
        return Hours.floor(clock.instant().minus(delay)).minus(Hours.ONE);
    }

    /** When the next resource-hour becomes due (its hour closed, plus the delay), if any resource is billing. */
    public java.util.Optional<Instant> nextDue() {
        return store.earliestActiveHour().map(this::dueTime);
    }

    /** When the hour starting at {@code hour} may be settled: it closed, and the delay passed. */
    public Instant dueTime(Instant hour) {
        return hour.plus(Hours.ONE).plus(delay);
    }

    public long countDue() {
        return store.countDue(latestSettleableHour());
    }

    /** {@code currencies} caches customers' currencies over one run (a customer's currency never changes). */
    private Run settleBatch(Instant latestHour, Map<String, String> currencies) {
        List<Claim> claims = store.claimDue(latestHour, batchSize);
        if (claims.isEmpty()) {
            return new Run(0, 0);
        }
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
        return new Run(claims.size(), records.size());
    }

    private record RatedHour(Claim claim, BillableSegment first, String currency, List<FeeLine> lines) {
        BigDecimal charge() {
            return lines.stream().map(FeeLine::chargedAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
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
     * One charge per customer and hour in this batch; its cash, credit and arrears parts are spread
     * over the lines in that order.
     */
    private List<FeeRecord> deduct(List<RatedHour> rated, Instant now) {
        Map<String, List<RatedHour>> groups = new LinkedHashMap<>();
        for (RatedHour h : rated) {
            groups.computeIfAbsent(h.claim().customerId() + "|" + h.claim().hour(), k -> new ArrayList<>()).add(h);
        }
        List<Charge> charges = new ArrayList<>();
        for (List<RatedHour> group : groups.values()) {
            RatedHour any = group.get(0);
            BigDecimal total = group.stream().map(RatedHour::charge).reduce(BigDecimal.ZERO, BigDecimal::add);
            charges.add(new Charge(any.claim().customerId(), any.currency(), total, any.claim().hour(),
                    "usage:" + any.claim().hour()));
        }
        List<ChargeResult> results = ledger.charge(charges);
        List<FeeRecord> records = new ArrayList<>();
        int g = 0;
        for (List<RatedHour> group : groups.values()) {
            ChargeResult paid = results.get(g++);
            List<PaymentParts> parts = PaymentParts.spread(paid, group.stream().flatMap(h -> h.lines().stream())
                    .map(FeeLine::chargedAmount).toList());
            int p = 0;
            for (RatedHour h : group) {
                int lineNo = 1;
                for (FeeLine l : h.lines()) {
                    PaymentParts part = parts.get(p++);
                    records.add(record(h, l, lineNo++, part.cash(), part.credit(), part.arrears(), paid.entryId(), now));
                }
            }
        }
        return records;
    }

    private static FeeRecord record(RatedHour h, FeeLine l, int lineNo, BigDecimal cash, BigDecimal credit,
                                    BigDecimal arrears, Long entryId,
                                    Instant now) {
        BillableSegment r = h.first();
        return new FeeRecord(0, r.customerId(), r.resourceId(), r.resourceType(), l.meter().name(), l.specCode(),
                r.region(), r.billingMode().name(), h.claim().hour(), lineNo, l.periodStart(), l.periodEnd(),
                l.usageSeconds(), l.quantity(), l.usageQuantity(), l.unit().name(), l.unitPrice(), l.priceId(),
                l.priceVersion(), h.currency(), l.listAmount(), l.discountAmount(), l.amount(), l.chargedAmount(),
                l.truncatedAmount(), cash, credit, arrears, r.enterpriseProject(), r.tags(), entryId, now);
    }

    /**
     * Keeps the schedule in step with lifecycle events, in the event's own transaction. An event
     * inside an hour that is already settled is refused: the settled line is final.
     */
    @EventListener
    public void onResourceChanged(ResourceChanged e) {
        var row = store.lockSchedule(e.resourceId());
        Instant eventHour = Hours.floor(e.occurredAt());
        if (row.isEmpty()) {
            store.insertSchedule(e.resourceId(), e.customerId(), eventHour, e.billing());
            return;
        }
        if (e.occurredAt().isBefore(row.get().nextHour())) {
            throw Failure.conflict("period-settled", "the hour of " + e.occurredAt() + " is already settled for resource "
                    + e.resourceId() + "; settled through " + row.get().nextHour());
        }
        if (!row.get().active() && e.billing()) {
            Instant next = eventHour.isAfter(row.get().nextHour()) ? eventHour : row.get().nextHour();
            store.updateSchedule(e.resourceId(), next, true);
        }
    }

    /** A customer's fee records with hour in [from, to), optionally of one resource. */
    public List<FeeRecord> feeRecords(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                      int limit) {
        return store.feeRecords(customerId, from, to, resourceId, afterId, limit);
    }
}
