package io.tollgate.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.core.UsagePricing;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.metering.core.Measures;
import io.tollgate.metering.store.MeteringStore;
import io.tollgate.metering.store.MeteringStore.HourKey;
import io.tollgate.metering.store.MeteringStore.MonthKey;
import io.tollgate.metering.store.MeteringStore.MonthUsage;
import io.tollgate.metering.store.MeteringStore.NewRecord;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Hours;
import io.tollgate.shared.Runs;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ingests batches of usage records: validates each, deduplicates by record id (same id and
 * content: counted once; same id, other content: refused), stores the accepted ones and rates
 * them at once against the month's usage (free quota, packages, tiers), all in one transaction,
 * so that a record is durable, counted once and priced when the call returns.
 */
@Service
public class MeteringService {
    private static final Logger LOG = LoggerFactory.getLogger(MeteringService.class);
    public static final int MAX_BATCH = 10_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000000000");

    private final MeteringStore store;
    private final MeterService meters;
    private final CustomerService customers;
    private final ResourceService resources;
    private final PackageLedger packages;
    private final Clock clock;
    private final MeterRegistry metrics;

    public MeteringService(MeteringStore store, MeterService meters, CustomerService customers,
                           ResourceService resources, PackageLedger packages, Clock clock, MeterRegistry metrics) {
        this.metrics = metrics;
        this.store = store;
        this.meters = meters;
        this.customers = customers;
        this.resources = resources;
        this.packages = packages;
        this.clock = clock;
    }

    /** A record that passed validation, with what rating needs. */
    private record Valid(UsageRecord record, NewRecord row, Customer customer, Resource resource, Meter meter,
                         MeterPrice price, BigDecimal units) {
    }

    @Transactional
    public List<RecordOutcome> ingest(List<UsageRecord> records) {
        if (records == null || records.isEmpty() || records.size() > MAX_BATCH) {
            throw Failure.invalid("batch-size", "a batch holds 1 to " + MAX_BATCH + " records");
        }
        Instant now = clock.instant();
        store.lockWatermarkShared();
        Instant watermark = store.watermark().orElse(Instant.EPOCH);
        RecordOutcome[] outcomes = new RecordOutcome[records.size()];
        List<Valid> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Lookups lookups = new Lookups();
        for (int i = 0; i < records.size(); i++) {
            UsageRecord r = records.get(i);
            try {
                valid.add(validate(r, now, lookups));
                positions.add(i);
            } catch (Failure f) {
                outcomes[i] = RecordOutcome.refused(r == null ? null : r.recordId(), f.code(), f.getMessage());
            }
        }
        answerRetriesOfAcceptedRecords(records, outcomes);
        Set<String> inserted = store.insertRecords(valid.stream().map(Valid::row).toList(), now);
        Map<String, String> stored = new HashMap<>(store.hashes(valid.stream().map(v -> v.row().recordId())
                .filter(id -> !inserted.contains(id)).toList()));
        List<Valid> accepted = new ArrayList<>();
        for (int k = 0; k < valid.size(); k++) {
            Valid v = valid.get(k);
            String id = v.row().recordId();
            if (inserted.contains(id) && !stored.containsKey(id)) {
                // The first of this id in the batch: the row just inserted is its.
                stored.put(id, v.row().hash());
                accepted.add(v);
                outcomes[positions.get(k)] = RecordOutcome.accepted(id);
            } else if (v.row().hash().equals(stored.get(id))) {
                outcomes[positions.get(k)] = RecordOutcome.duplicate(id);
            } else {
                outcomes[positions.get(k)] = RecordOutcome.refused(id, "record-id-reused",
                        "record " + id + " was reported before with other content");
            }
        }
        rate(accepted, watermark, now);
        List<RecordOutcome> fates = List.of(outcomes);
        io.tollgate.tx.Commits.afterCommit(() -> count(fates));
        return fates;
    }

    /**
     * {@code tollgate_ingestion_records_total{status, code}}, counted once the batch committed (a
     * rolled-back batch accepted nothing); each refused record is logged with its id and code.
     */
    private void count(List<RecordOutcome> fates) {
        Map<List<String>, Long> byFate = new HashMap<>();
        for (RecordOutcome o : fates) {
            byFate.merge(List.of(o.status().name(), o.code() == null ? "none" : o.code()), 1L, Long::sum);
            if (o.status() == RecordOutcome.Status.REFUSED) {
                LOG.atInfo().addKeyValue("recordId", o.recordId()).addKeyValue("code", o.code())
                        .log("usage record {} refused: {}", o.recordId(), o.code());
            }
        }
        byFate.forEach((fate, n) -> Counter.builder("tollgate.ingestion.records")
                .description("usage records by fate: ACCEPTED, DUPLICATE, REFUSED with its code")
                .tag("status", fate.get(0)).tag("code", fate.get(1)).register(metrics).increment(n));
    }

    /**
     * Per-batch lookups: the same customer, resource and meter are looked up once; customers and
     * resources come from the caches of committed rows (io.tollgate.caching), as ingestion neither
     * locks nor writes them.
     */
    private final class Lookups {
        final Map<String, Optional<Customer>> customerById = new HashMap<>();
        final Map<String, Optional<Resource>> resourceById = new HashMap<>();
        final Map<String, Optional<Meter>> meterByCode = new HashMap<>();
        final MeterService.Book prices = meters.book();

        Customer customer(String id) {
            return customerById.computeIfAbsent(id, customers::cached)
                    .orElseThrow(() -> Failure.unprocessable("unknown-customer", "no customer " + id));
        }

        Resource resource(String id) {
            return resourceById.computeIfAbsent(id, resources::cached)
                    .orElseThrow(() -> Failure.unprocessable("unknown-resource", "no resource " + id));
        }

        Meter meter(String code) {
            return meterByCode.computeIfAbsent(code, c -> {
                try {
                    return Optional.of(meters.meter(c));
                } catch (Failure f) {
                    return Optional.empty();
                }
            }).orElseThrow(() -> Failure.unprocessable("unknown-meter", "no meter " + code));
        }
    }

    private Valid validate(UsageRecord r, Instant now, Lookups lookups) {
        if (r == null) {
            throw Failure.invalid("invalid-record", "a record is null");
        }
        if (r.recordId() == null || !ID.matcher(r.recordId()).matches()) {
            throw Failure.invalid("invalid-record-id", "recordId must be 1-128 letters, digits or ._:/-");
        }
        Text.requireClean("customerId", r.customerId());
        Text.requireClean("resourceId", r.resourceId());
        Text.requireClean("meter", r.meter());
        if (r.customerId() == null || r.resourceId() == null || r.meter() == null || r.windowStart() == null
                || r.windowEnd() == null) {
            throw Failure.invalid("missing-field", "customerId, resourceId, meter, windowStart and windowEnd are required");
        }
        Text.requireClean("enterpriseProject", r.enterpriseProject());
        Text.requireEntries("tags", r.tags());
        Text.requireEntries("attributes", r.attributes());
        Text.requireClean("quantity", r.quantity());
        BigDecimal quantity = Amounts.parse("quantity", r.quantity(), Amounts.USAGE_SCALE, MAX_QUANTITY);
        if (quantity.signum() < 0) {
            throw Failure.invalid("negative-quantity", "quantity must not be negative");
        }
        if (r.windowEnd().isBefore(r.windowStart())) {
            throw Failure.invalid("window-end-before-start", "windowEnd is before windowStart");
        }
        if (r.windowEnd().isAfter(now)) {
            throw Failure.unprocessable("window-in-future", "the window ends after now (" + now + ")");
        }
        Instant hour = Hours.floor(r.windowStart(), clock.getZone());
        if (r.windowEnd().isAfter(hour.plus(Hours.ONE))) {
            throw Failure.invalid("window-crosses-hour", "a window lies within one clock hour; split it at the hour");
        }
        Customer customer = lookups.customer(r.customerId());
        Resource resource = lookups.resource(r.resourceId());
        if (!resource.customerId().equals(customer.id())) {
            throw Failure.unprocessable("customer-mismatch", "resource " + r.resourceId() + " belongs to another customer");
        }
        if (resource.frozen()) {
            throw Failure.unprocessable("resource-frozen", "resource " + r.resourceId() + " is frozen: it is not billed");
        }
        if (resource.deletedAt() != null && !r.windowStart().isBefore(resource.deletedAt())) {
            throw Failure.unprocessable("resource-deleted", "resource " + r.resourceId() + " was deleted at "
                    + resource.deletedAt());
        }
        if (r.windowStart().isBefore(resource.createdAt())) {
            throw Failure.unprocessable("window-before-creation", "the window starts before resource "
                    + r.resourceId() + " was created");
        }
        Meter meter = lookups.meter(r.meter());
        if (!meter.resourceType().equals(resource.resourceType())) {
            throw Failure.unprocessable("unknown-meter-for-resource", "meter " + r.meter() + " does not measure a "
                    + resource.resourceType());
        }
        if (meter.measure() == Meter.Measure.QUANTITY_TIME && !r.windowEnd().isAfter(r.windowStart())) {
            throw Failure.invalid("window-end-before-start", "a time-based meter needs a window of at least a second");
        }
        MeterPrice price = lookups.prices.inForce(meter.code(), resource.region(), customer.currency(), r.windowStart());
        if (price == null) {
            throw Failure.unprocessable("no-price", "no price in " + customer.currency() + " for " + meter.code()
                    + " in " + resource.region());
        }
        BigDecimal units = Measures.priceUnits(meter, quantity, r.windowStart(), r.windowEnd());
        NewRecord row = new NewRecord(r.recordId(), hash(r, quantity), customer.id(), resource.id(), meter.code(),
                quantity, r.windowStart(), r.windowEnd());
        return new Valid(r, row, customer, resource, meter, price, units);
    }

    /**
     * A record refused now may have been accepted before, when its resource could still be billed
     * (since frozen or deleted): a retry of an accepted record, with the same content, is a
     * DUPLICATE, as the first delivery's answer was, never a refusal that looks permanent.
     */
    private void answerRetriesOfAcceptedRecords(List<UsageRecord> records, RecordOutcome[] outcomes) {
        Map<Integer, String> hashes = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            UsageRecord r = records.get(i);
            if (outcomes[i] != null && r != null && r.recordId() != null && ID.matcher(r.recordId()).matches()) {
                String h = contentHash(r);
                if (h != null) {
                    hashes.put(i, h);
                }
            }
        }
        if (hashes.isEmpty()) {
            return;
        }
        Map<String, String> stored = store.hashes(hashes.keySet().stream().map(i -> records.get(i).recordId()).toList());
        hashes.forEach((i, h) -> {
            if (h.equals(stored.get(records.get(i).recordId()))) {
                outcomes[i] = RecordOutcome.duplicate(records.get(i).recordId());
            }
        });
    }

    /** The content hash of a record, or null when it is too malformed to have one. */
    private static String contentHash(UsageRecord r) {
        if (r.customerId() == null || r.resourceId() == null || r.meter() == null || r.windowStart() == null
                || r.windowEnd() == null || r.quantity() == null) {
            return null;
        }
        try {
            return hash(r, new BigDecimal(r.quantity()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String hash(UsageRecord r, BigDecimal quantity) {
        return Digests.sha256(String.join("|", r.recordId(), r.customerId(), r.resourceId(), r.meter(),
                quantity.stripTrailingZeros().toPlainString(), r.windowStart().toString(), r.windowEnd().toString(),
                String.valueOf(r.enterpriseProject()), String.valueOf(r.tags() == null ? null : new TreeMap<>(r.tags())),
                String.valueOf(r.attributes() == null ? null : new TreeMap<>(r.attributes()))));
    }

    /** Rates the accepted records in order against each customer's month usage per meter. */
    private void rate(List<Valid> accepted, Instant watermark, Instant now) {
        if (accepted.isEmpty()) {
            return;
        }
        ZoneId zone = clock.getZone();
        Map<MonthKey, MonthUsage> months = store.lockMonths(accepted.stream().map(v -> monthKey(v, zone)).distinct().toList());
        // Started-hour meters bill each resource-hour's peak once: the peaks are locked after the months.
        Map<HourKey, BigDecimal> peaks = store.lockHourPeaks(accepted.stream()
                .filter(v -> v.meter().roundUpHours()).map(this::hourKey).distinct().toList());
        // Packages are locked after the month rows, in id order, once for the batch.
        PackageLedger.Draw draw = packages.lock(accepted.stream()
                .map(v -> new PackageLedger.Key(v.customer().id(), v.meter().code())).distinct().toList(),
                accepted.stream().map(v -> v.record().windowStart()).min(Instant::compareTo).orElseThrow());
        List<UsageLine> lines = new ArrayList<>();
        Map<String, Map<String, String>> attributes = new HashMap<>();
        for (Valid v : accepted) {
            MonthKey key = monthKey(v, zone);
            MonthUsage usage = months.get(key);
            BigDecimal units = v.units();
            if (v.meter().roundUpHours()) {
                BigDecimal peak = peaks.get(hourKey(v));
                units = Measures.startedHourUnits(v.meter(), peak, v.row().quantity());
                peaks.put(hourKey(v), peak.max(v.row().quantity()));
            }
            BigDecimal freeQuota = UsagePricing.monthlyFreeQuota(v.price(), v.meter().periodSeconds(),
                    monthSeconds(key.month(), zone));
            BigDecimal free = UsagePricing.free(freeQuota, usage.used(), units);
            BigDecimal fromPackages = draw.consume(v.customer().id(), v.meter().code(), units.subtract(free),
                    v.record().windowStart());
            BigDecimal billable = units.subtract(free).subtract(fromPackages);
            BigDecimal amount = UsagePricing.amount(v.price(), usage.billed(), billable);
            months.put(key, new MonthUsage(usage.used().add(units), usage.billed().add(billable)));
            Instant usageHour = Hours.floor(v.record().windowStart(), zone);
            boolean late = usageHour.isBefore(watermark);
            Instant billingHour = late ? Hours.floor(now, zone) : usageHour;
            lines.add(new UsageLine(0, v.row().recordId(), v.customer().id(), v.resource().id(),
                    v.resource().resourceType(), v.meter().code(), v.resource().region(), usageHour, billingHour, late,
                    units, free, fromPackages, billable, v.meter().priceUnit(), v.price().id(), v.price().version(),
                    v.customer().currency(), amount,
                    v.record().enterpriseProject() == null ? v.resource().enterpriseProject() : v.record().enterpriseProject(),
                    Runs.withRunAttributes(v.record().tags() == null ? v.resource().tags() : v.record().tags(),
                            v.record().attributes()), now, false,
                    UsageLine.Kind.of(amount)));
            if (v.record().attributes() != null) {
                attributes.put(v.row().recordId(), v.record().attributes());
            }
        }
        draw.save();
        store.saveMonths(months);
        store.saveHourPeaks(peaks);
        store.insertLines(lines, attributes);
    }

    /** The seconds of the calendar month starting on {@code firstDay} in the billing zone. */
    private static long monthSeconds(LocalDate firstDay, ZoneId zone) {
        return java.time.Duration.between(firstDay.atStartOfDay(zone), firstDay.plusMonths(1).atStartOfDay(zone))
                .toSeconds();
    }

    private HourKey hourKey(Valid v) {
        return new HourKey(v.resource().id(), v.meter().code(), Hours.floor(v.record().windowStart(), clock.getZone()));
    }

    private static MonthKey monthKey(Valid v, ZoneId zone) {
        LocalDate day = v.record().windowStart().atZone(zone).toLocalDate();
        return new MonthKey(v.customer().id(), v.meter().code(), day.withDayOfMonth(1));
    }

    // ---- for settlement ---------------------------------------------------------------------------------------

    /**
     * Claims the rated lines of up to {@code groups} (resource, meter, billing hour) groups billed in
     * hours up to {@code throughHour}, every line of each group, holding the watermark lock so that
     * no record is judged on time while they are settled. Must run in the settling transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UsageLine> claimUnsettled(Instant throughHour, int groups, java.util.Collection<String> heldResources) {
        store.lockWatermarkExclusive();
        return store.unsettled(throughHour, groups, heldResources);
    }

    /** Claims every unsettled line of one resource billed up to {@code throughHour} (settling it alone). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UsageLine> claimUnsettledOf(Instant throughHour, String resourceId) {
        store.lockWatermarkExclusive();
        return store.unsettledOfResource(throughHour, resourceId);
    }

    /** Settlement is done up to {@code settledThroughExclusive}: records for hours before it now arrive late. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void finishSettlement(Instant settledThroughExclusive) {
        store.lockWatermarkExclusive();
        store.advanceWatermark(settledThroughExclusive);
    }

    /** Marks lines settled; once none are left up to an hour, records for that hour arrive late. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markSettled(List<Long> lineIds, Instant settledThroughExclusive, boolean allSettled) {
        if (!lineIds.isEmpty()) {
            store.markSettled(lineIds);
        }
        if (allSettled) {
            store.advanceWatermark(settledThroughExclusive);
        }
    }

    public Optional<Instant> earliestUnsettledHour() {
        return store.earliestUnsettledHour();
    }

    public List<UsageLine> unsettledOf(String customerId, Instant from, Instant to, String resourceId, long afterId,
                                       int limit) {
        return store.unsettledOf(customerId, from, to, resourceId, afterId, limit);
    }

    /** True when some usage line of the customer billed in an hour before {@code before} is not settled yet. */
    public boolean hasUnsettledBefore(String customerId, Instant before) {
        return store.hasUnsettledBefore(customerId, before);
    }
}
