package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.cost.core.Anomaly;
import io.tollgate.cost.core.Forecast;
import io.tollgate.cost.store.AnomalyStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import io.tollgate.notify.OutboxService;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Anomaly detection (issue 10 part 5, docs/cost.md). A monitor watches every service of a
 * customer (each on its own), one enterprise project, one tag value or one cost category value. Once a day, at 01:00 in
 * the billing zone (the day before is billed by then), it looks at the day before:
 * <ul>
 * <li>pay-per-use: the day's cost against the forecast fitted on the 90 days before it
 * ({@link Forecast}); above the band's upper bound by more than one unit it is anomalous
 * ({@link Anomaly#check});</li>
 * <li>yearly/monthly: the month-to-date cost, today excluded, against the same days of the month
 * before ({@link Anomaly#growth}, the monitor's growth threshold, default 20%).</li>
 * </ul>
 * Consecutive anomalous days of one group and rule are one anomaly: its impact is the sum of the
 * days' excess (for the monthly rule, the month's excess), its severity the worst. Each detection
 * is an outbox event {@code cost.anomaly-detected}; the customer confirms or dismisses an anomaly.
 */
@Service
public class AnomalyService {
    static final int HISTORY_DAYS = 90;
    static final int MAX_MONITORS = 100;
    private static final int CLAIM = 50;
    private static final BigDecimal DEFAULT_GROWTH = BigDecimal.valueOf(20);
    private static final String PAY_PER_USE = "PAY_PER_USE";
    private static final String YEARLY_MONTHLY = "YEARLY_MONTHLY";
    private final AnomalyStore store;
    private final CostAnalysisService analysis;
    private final CustomerService customers;
    private final CategoryService categories;
    private final OutboxService outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    AnomalyService(AnomalyStore store, CostAnalysisService analysis, CustomerService customers,
                   CategoryService categories, OutboxService outbox, PlatformTransactionManager txm, Clock clock) {
        this.store = store;
        this.categories = categories;
        this.analysis = analysis;
        this.customers = customers;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
    }

    /** What a monitor watches: every service, a project, a tag value, or a cost category's value (tagKey its name). */
    public enum Scope { SERVICES, PROJECT, TAG, CATEGORY }

    public record Monitor(long id, String customerId, String name, Scope scope, String tagKey, String value,
                          BigDecimal growthPercent, Instant nextCheckAt, Instant createdAt) {
    }

    public record MonitorRequest(String name, String scope, String tagKey, String value, String growthPercent) {
    }

    public record Found(long id, long monitorId, String customerId, String groupKey, String rule, LocalDate firstDay,
                        LocalDate lastDay, Anomaly.Severity severity, BigDecimal impact, BigDecimal actual,
                        BigDecimal expected, String status, Instant detectedAt, Instant updatedAt) {
    }

    // ---- monitors -------------------------------------------------------------------------------------------

    @Transactional
    public Monitor create(String customerId, MonitorRequest r) {
        customers.customer(customerId);
        store.lockCustomer(customerId);
        if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            throw Failure.invalid("invalid-name", "a monitor's name is 1-100 characters");
        }
        Text.requireClean("name", r.name());
        Scope scope = Text.enumValue(Scope.class, r.scope(), "scope");
        String value = r.value();
        String tagKey = r.tagKey();
        if ((scope == Scope.SERVICES) != (value == null)) {
            throw Failure.invalid("invalid-scope", "a PROJECT or TAG monitor names its value; SERVICES none");
        }
        if ((scope == Scope.TAG || scope == Scope.CATEGORY) != (tagKey != null)) {
            throw Failure.invalid("invalid-scope", "a TAG monitor names its tagKey, a CATEGORY monitor its category "
                    + "(in tagKey); the others none");
        }
        if (scope == Scope.TAG) {
            CostQuery.Dimension.parse("tag:" + tagKey);
        }
        if (scope == Scope.CATEGORY) {
            categories.versions(customerId, tagKey);
        }
        if (value != null) {
            Text.requireClean("value", value);
        }
        BigDecimal growth = r.growthPercent() == null ? DEFAULT_GROWTH
                : Amounts.parse("growthPercent", r.growthPercent(), 2, BigDecimal.valueOf(10_000));
        if (growth.signum() <= 0) {
            throw Failure.invalid("invalid-amount", "growthPercent is above 0");
        }
        if (store.monitorCount(customerId) >= MAX_MONITORS) {
            throw Failure.unprocessable("monitor-limit", "a customer has at most " + MAX_MONITORS + " monitors");
        }
        if (store.monitorNameTaken(customerId, r.name().trim())) {
            throw Failure.conflict("monitor-exists", "a monitor named '" + r.name().trim() + "' exists");
        }
        Instant now = clock.instant();
        long id = store.insertMonitor(new Monitor(0, customerId, r.name().trim(), scope, tagKey, value, growth,
                nextCheck(now), now));
        return store.monitor(customerId, id).orElseThrow();
    }

    public List<Monitor> monitors(String customerId) {
        customers.customer(customerId);
        return store.monitors(customerId);
    }

    @Transactional
    public void deleteMonitor(String customerId, long id) {
        customers.customer(customerId);
        if (!store.deleteMonitor(customerId, id)) {
            throw Failure.notFound("unknown-monitor", "no monitor " + id);
        }
    }

    public List<Found> anomalies(String customerId) {
        customers.customer(customerId);
        return store.anomalies(customerId);
    }

    /** The customer's answer to an anomaly: CONFIRMED (real) or DISMISSED (expected, not a problem). */
    @Transactional
    public Found answer(String customerId, long id, String status) {
        customers.customer(customerId);
        if (!"CONFIRMED".equals(status) && !"DISMISSED".equals(status)) {
            throw Failure.invalid("invalid-status", "status must be CONFIRMED or DISMISSED");
        }
        if (!store.setStatus(customerId, id, status, clock.instant())) {
            throw Failure.notFound("unknown-anomaly", "no anomaly " + id);
        }
        return store.anomaly(customerId, id).orElseThrow();
    }

    // ---- detection ------------------------------------------------------------------------------------------

    /** 01:00 of the next day in the billing zone: the day before is billed by then. */
    Instant nextCheck(Instant now) {
        LocalDate today = now.atZone(clock.getZone()).toLocalDate();
        Instant todays = today.atTime(1, 0).atZone(clock.getZone()).toInstant();
        return now.isBefore(todays) ? todays : today.plusDays(1).atTime(1, 0).atZone(clock.getZone()).toInstant();
    }

    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    /** One pass: every due monitor, each alone when a batch fails. Returns the anomaly days found. */
    public long runDue(JobItems items) {
        return Batches.drain(tx, CLAIM, () -> store.claimDue(clock.instant(), items.held(), CLAIM),
                m -> Long.toString(m.id()), key -> store.claimOne(Long.parseLong(key), clock.instant()),
                batch -> batch.stream().mapToLong(m -> detect(m, clock.instant())).sum(), items);
    }

    /** Looks at the day before {@code now}'s day for the monitor; returns the anomalous groups found. */
    long detect(Monitor m, Instant now) {
        LocalDate today = now.atZone(clock.getZone()).toLocalDate();
        LocalDate day = today.minusDays(1);
        Map<CostQuery.Dimension, Set<String>> filters = new LinkedHashMap<>();
        List<CostQuery.Dimension> groupBy = new ArrayList<>(List.of(CostQuery.Dimension.of(CostQuery.Kind.BILLING_MODE)));
        switch (m.scope()) {
            case SERVICES -> groupBy.add(CostQuery.Dimension.of(CostQuery.Kind.SERVICE_TYPE));
            case PROJECT -> filters.put(CostQuery.Dimension.of(CostQuery.Kind.ENTERPRISE_PROJECT), Set.of(m.value()));
            case TAG -> filters.put(new CostQuery.Dimension(CostQuery.Kind.TAG, m.tagKey()), Set.of(m.value()));
            case CATEGORY -> filters.put(new CostQuery.Dimension(CostQuery.Kind.COST_CATEGORY, m.tagKey()),
                    Set.of(m.value()));
        }
        // per group: the daily cost of each mode over the history and the day
        LocalDate from = day.minusDays(HISTORY_DAYS);
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate previousStart = monthStart.minusMonths(1);
        LocalDate earliest = previousStart.isBefore(from) ? previousStart : from;
        var report = analysis.analyse(m.customerId(), new CostQuery(earliest, today, CostQuery.Granularity.DAILY,
                DailyCost.View.ORIGINAL, CostQuery.Measure.COST, groupBy, filters));
        Map<String, Map<String, Map<LocalDate, BigDecimal>>> byGroup = new TreeMap<>();
        for (CostAnalysisService.Row r : report.rows()) {
            String group = switch (m.scope()) {
                case SERVICES -> r.keys().get(1);
                case PROJECT -> m.value();
                case TAG, CATEGORY -> m.tagKey() + "=" + m.value();
            };
            byGroup.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(r.keys().get(0), k -> new TreeMap<>())
                    .merge(r.period().toLocalDate(), r.cost(), BigDecimal::add);
        }
        long found = 0;
        for (var g : byGroup.entrySet()) {
            Map<LocalDate, BigDecimal> ppu = g.getValue().getOrDefault(PAY_PER_USE, Map.of());
            Optional<Anomaly.Finding> daily = payPerUse(ppu, from, day);
            if (daily.isPresent()) {
                BigDecimal actual = ppu.getOrDefault(day, BigDecimal.ZERO);
                record(m, g.getKey(), PAY_PER_USE, day, daily.get(), actual, actual.subtract(daily.get().excess()),
                        true, now);
                found++;
            }
            if (today.getDayOfMonth() > 1) {
                Map<LocalDate, BigDecimal> prepaid = g.getValue().getOrDefault(YEARLY_MONTHLY, Map.of());
                int days = today.getDayOfMonth() - 1;
                BigDecimal mtd = sum(prepaid, monthStart, today);
                LocalDate previousEnd = previousStart.plusDays(Math.min(days, previousStart.lengthOfMonth()));
                BigDecimal previous = sum(prepaid, previousStart, previousEnd);
                Optional<Anomaly.Finding> growth = Anomaly.growth(mtd, previous, m.growthPercent());
                if (growth.isPresent()) {
                    record(m, g.getKey(), YEARLY_MONTHLY, day, growth.get(), mtd, previous, false, now);
                    found++;
                }
            }
        }
        store.rescheduleMonitor(m.id(), nextCheck(now));
        return found;
    }

    /** The pay-per-use rule for {@code day}: its cost against the forecast of the history before it. */
    private static Optional<Anomaly.Finding> payPerUse(Map<LocalDate, BigDecimal> ppu, LocalDate from, LocalDate day) {
        // nothing to forecast from without a history
        return History.fit(from, day, ppu).flatMap(h -> Anomaly.check(ppu.getOrDefault(day, BigDecimal.ZERO),
                h.at(day).upper()));
    }

    private static BigDecimal sum(Map<LocalDate, BigDecimal> byDay, LocalDate from, LocalDate to) {
        BigDecimal s = BigDecimal.ZERO;
        for (var e : byDay.entrySet()) {
            if (!e.getKey().isBefore(from) && e.getKey().isBefore(to)) {
                s = s.add(e.getValue());
            }
        }
        return s;
    }

    /**
     * Records an anomalous day: it extends the open anomaly of the group and rule that ended the
     * day before (for the monthly rule: any of this month), else starts one; and tells the outbox.
     */
    private void record(Monitor m, String group, String rule, LocalDate day, Anomaly.Finding f, BigDecimal actual,
                        BigDecimal expected, boolean daily, Instant now) {
        Optional<Found> open = daily ? store.openEndingOn(m.id(), group, rule, day.minusDays(1))
                : store.openSince(m.id(), group, rule, day.withDayOfMonth(1));
        long id;
        if (open.isPresent()) {
            Found o = open.get();
            Anomaly.Severity worst = o.severity().compareTo(f.severity()) >= 0 ? o.severity() : f.severity();
            id = o.id();
            store.extend(id, day, worst, daily ? o.impact().add(f.excess()) : f.excess(),
                    daily ? o.actual().add(actual) : actual, daily ? o.expected().add(expected) : expected, now);
        } else {
            id = store.insertAnomaly(m, group, rule, day, f.severity(), f.excess(), actual, expected, now);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("anomalyId", id);
        payload.put("monitorId", m.id());
        payload.put("group", group);
        payload.put("rule", rule);
        payload.put("day", day.toString());
        payload.put("severity", f.severity().name());
        payload.put("excess", f.excess().toPlainString());
        payload.put("actual", actual.toPlainString());
        outbox.append("anomaly:" + id + ":" + day, "cost.anomaly-detected", m.customerId(), Long.toString(id), payload,
                now);
    }
}
