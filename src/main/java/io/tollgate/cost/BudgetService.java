package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.cost.store.BudgetStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import io.tollgate.notify.OutboxService;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budgets (issue 10 part 4, docs/cost.md): kept per customer (at most {@link #MAX_BUDGETS}), each
 * checked hourly as a due row of the job runner. A check computes the current period's actual
 * spend (through the analysis: every total is the bills') and, for a cost budget, the period's
 * forecast; each threshold reached alerts once a period: a row of cost_budget_alert and an
 * outbox event {@code budget.threshold-reached}, in one transaction.
 */
@Service
public class BudgetService {
    public static final int MAX_BUDGETS = 1_000;
    static final int MAX_THRESHOLDS = 10;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final BigDecimal MAX_PERCENT = new BigDecimal("1000");
    private static final int CLAIM = 100;
    private final BudgetStore store;
    private final CostAnalysisService analysis;
    private final CostForecastService forecasts;
    private final CustomerService customers;
    private final OutboxService outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    BudgetService(BudgetStore store, CostAnalysisService analysis, CostForecastService forecasts,
                  CustomerService customers, OutboxService outbox, PlatformTransactionManager txm, Clock clock) {
        this.store = store;
        this.analysis = analysis;
        this.forecasts = forecasts;
        this.customers = customers;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
    }

    /** What a customer asks for; {@code amounts} by the period's first day. */
    public record BudgetRequest(String name, String measure, String view, String unit, String period, String amount,
                                Map<String, String> amounts, List<String> filters, List<ThresholdRequest> thresholds) {
    }

    public record ThresholdRequest(String percent, String basis) {
    }

    /** A budget with where its current period stands. */
    public record Status(Budget budget, LocalDate periodStart, LocalDate periodEnd, BigDecimal periodAmount,
                         BigDecimal actual, BigDecimal forecast, List<BudgetStore.Alert> alerts) {
    }

    @Transactional
    public Status create(String customerId, BudgetRequest r) {
        customers.customer(customerId);
        store.lockCustomer(customerId);
        if (store.count(customerId) >= MAX_BUDGETS) {
            throw Failure.unprocessable("budget-limit", "a customer has at most " + MAX_BUDGETS + " budgets");
        }
        Budget b = parse(customerId, 0, r, clock.instant(), clock.instant());
        if (store.nameTaken(customerId, b.name(), 0)) {
            throw Failure.conflict("budget-exists", "a budget named '" + b.name() + "' exists");
        }
        long id = store.insert(b);
        return status(store.find(customerId, id, false).orElseThrow());
    }

    @Transactional
    public Status update(String customerId, long id, BudgetRequest r) {
        Budget old = store.find(customerId, id, true).orElseThrow(() -> unknown(id));
        Budget b = parse(customerId, id, r, old.createdAt(), clock.instant());
        if (store.nameTaken(customerId, b.name(), id)) {
            throw Failure.conflict("budget-exists", "a budget named '" + b.name() + "' exists");
        }
        store.update(b);
        return status(store.find(customerId, id, false).orElseThrow());
    }

    @Transactional
    public void delete(String customerId, long id) {
        customers.customer(customerId);
        if (!store.delete(customerId, id)) {
            throw unknown(id);
        }
    }

    public Status get(String customerId, long id) {
        customers.customer(customerId);
        return status(store.find(customerId, id, false).orElseThrow(() -> unknown(id)));
    }

    public List<Status> list(String customerId) {
        customers.customer(customerId);
        List<Status> out = new ArrayList<>();
        long after = 0;
        List<Budget> page;
        do {
            page = store.page(customerId, after, 200);
            for (Budget b : page) {
                out.add(status(b));
                after = b.id();
            }
        } while (page.size() == 200);
        return out;
    }

    private static Failure unknown(long id) {
        return Failure.notFound("unknown-budget", "no budget " + id);
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    /** The next time a budget is due a check. */
    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    /** One pass of the job: every due budget checked, each alone when a batch fails. Returns the alerts given. */
    public long runDue(JobItems items) {
        return Batches.drain(tx, CLAIM, () -> store.claimDue(clock.instant(), items.held(), CLAIM),
                b -> Long.toString(b.id()), key -> store.claimOne(Long.parseLong(key), clock.instant()),
                batch -> batch.stream().mapToLong(b -> check(b, clock.instant())).sum(), items);
    }

    /** Checks one budget at {@code now}: alerts the thresholds reached, plans the next check. */
    long check(Budget b, Instant now) {
        LocalDate periodStart = b.period().start(LocalDate.now(clock));
        // the thresholds that have not alerted in this period yet; only they need the figures
        List<Budget.Threshold> pending = new ArrayList<>(b.thresholds());
        store.alerts(b.id()).stream().filter(a -> a.periodStart().equals(periodStart))
                .forEach(a -> pending.removeIf(t -> t.basis() == a.basis() && t.percent().compareTo(a.percent()) == 0));
        long given = 0;
        if (!pending.isEmpty() && b.amountFor(periodStart) != null) {
            Status s = status(b, pending.stream().anyMatch(t -> t.basis() == Budget.Basis.FORECAST));
            for (Budget.Threshold t : pending) {
                BigDecimal spend = t.basis() == Budget.Basis.ACTUAL ? s.actual() : s.forecast();
                BigDecimal limit = s.periodAmount().multiply(t.percent()).divide(BigDecimal.valueOf(100), 8,
                        RoundingMode.HALF_UP);
                if (spend != null && spend.compareTo(limit) >= 0
                        && store.alert(b.id(), s.periodStart(), t, now, spend, s.periodAmount())) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("budgetId", b.id());
                    payload.put("name", b.name());
                    payload.put("periodStart", s.periodStart().toString());
                    payload.put("basis", t.basis().name());
                    payload.put("percent", t.percent().toPlainString());
                    payload.put("amount", s.periodAmount().toPlainString());
                    payload.put("spend", spend.toPlainString());
                    payload.put("measure", b.measure().name());
                    outbox.append("budget:" + b.id() + ":" + s.periodStart() + ":" + t.basis() + ":"
                            + t.percent().toPlainString(), "budget.threshold-reached", b.customerId(),
                            Long.toString(b.id()), payload, now);
                    given++;
                }
            }
        }
        store.reschedule(b.id(), nextCheck(now));
        return given;
    }

    /** The next whole hour after {@code now}: budgets are checked hourly. */
    static Instant nextCheck(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    }

    /** Where a budget's current period stands today. */
    Status status(Budget b) {
        return status(b, b.measure() == CostQuery.Measure.COST);
    }

    /** The same, the forecast computed only when asked for (it reads the 90 days before today). */
    private Status status(Budget b, boolean withForecast) {
        LocalDate today = LocalDate.now(clock);
        LocalDate start = b.period().start(today);
        LocalDate end = b.period().end(start);
        var filters = CostQuery.filters(b.filters());
        BigDecimal actual;
        BigDecimal forecast = null;
        if (b.measure() == CostQuery.Measure.COST) {
            actual = analysis.analyse(b.customerId(), new CostQuery(start, today.plusDays(1),
                    CostQuery.Granularity.MONTHLY, b.view(), CostQuery.Measure.COST, List.of(), filters)).total();
            forecast = withForecast ? forecasts.period(b.customerId(), YearMonth.from(start), start, end, b.view(),
                    filters).expected() : null;
        } else {
            actual = BigDecimal.ZERO;
            for (CostAnalysisService.Row row : analysis.analyse(b.customerId(), new CostQuery(start, today.plusDays(1),
                    CostQuery.Granularity.MONTHLY, b.view(), CostQuery.Measure.USAGE, List.of(), filters)).rows()) {
                if (b.unit().equals(row.keys().get(0))) {
                    actual = actual.add(row.usage());
                }
            }
        }
        return new Status(b, start, end, b.amountFor(start), actual, forecast, store.alerts(b.id()));
    }

    // ---- input ----------------------------------------------------------------------------------------------

    private Budget parse(String customerId, long id, BudgetRequest r, Instant created, Instant now) {
        if (r == null) {
            throw Failure.invalid("missing-field", "a budget needs name, period, amount (or amounts) and thresholds");
        }
        String name = r.name() == null ? null : r.name().trim();
        if (name == null || name.isEmpty() || name.length() > 100) {
            throw Failure.invalid("invalid-name", "a budget's name is 1-100 characters");
        }
        Text.requireClean("name", name);
        CostQuery.Measure measure = r.measure() == null ? CostQuery.Measure.COST
                : Text.enumValue(CostQuery.Measure.class, r.measure(), "measure");
        DailyCost.View view = r.view() == null ? DailyCost.View.ORIGINAL
                : Text.enumValue(DailyCost.View.class, r.view(), "view");
        Budget.Period period = r.period() == null ? null
                : Text.enumValue(Budget.Period.class, r.period(), "period");
        if (period == null) {
            throw Failure.invalid("missing-field", "period is required: DAILY, MONTHLY, QUARTERLY or YEARLY");
        }
        String unit = r.unit();
        if ((measure == CostQuery.Measure.USAGE) != (unit != null && !unit.isBlank())) {
            throw Failure.invalid("invalid-unit", "a usage budget names its unit (as the analysis shows it); a cost "
                    + "budget names none");
        }
        BigDecimal amount = r.amount() == null ? null : amount("amount", r.amount());
        Map<LocalDate, BigDecimal> amounts = new TreeMap<>();
        if (r.amounts() != null) {
            if (r.amounts().size() > 120) {
                throw Failure.invalid("invalid-amounts", "at most 120 period amounts");
            }
            r.amounts().forEach((day, a) -> {
                LocalDate d = Text.day(day, "amounts");
                if (!period.start(d).equals(d)) {
                    throw Failure.invalid("invalid-amounts", day + " is not the first day of a " + period + " period");
                }
                amounts.put(d, amount("amounts", a));
            });
        }
        if (amount == null && amounts.isEmpty()) {
            throw Failure.invalid("missing-field", "amount (or amounts per period) is required");
        }
        List<String> filters = r.filters() == null ? List.of() : List.copyOf(r.filters());
        CostQuery.filters(filters);
        if (r.thresholds() == null || r.thresholds().isEmpty() || r.thresholds().size() > MAX_THRESHOLDS) {
            throw Failure.invalid("invalid-thresholds", "1-" + MAX_THRESHOLDS + " thresholds");
        }
        List<Budget.Threshold> thresholds = new ArrayList<>();
        for (ThresholdRequest t : r.thresholds()) {
            if (t == null || t.percent() == null) {
                throw Failure.invalid("invalid-thresholds", "a threshold has a percent and a basis");
            }
            BigDecimal percent = Amounts.parse("percent", t.percent(), 2, MAX_PERCENT);
            if (percent.signum() <= 0) {
                throw Failure.invalid("invalid-thresholds", "a threshold's percent is above 0");
            }
            Budget.Basis basis = t.basis() == null ? Budget.Basis.ACTUAL
                    : Text.enumValue(Budget.Basis.class, t.basis(), "basis");
            if (basis == Budget.Basis.FORECAST && measure == CostQuery.Measure.USAGE) {
                throw Failure.invalid("invalid-thresholds", "usage budgets alert on actual usage only");
            }
            Budget.Threshold th = new Budget.Threshold(percent, basis);
            if (thresholds.stream().anyMatch(x -> x.percent().compareTo(percent) == 0 && x.basis() == basis)) {
                throw Failure.invalid("invalid-thresholds", "the same threshold twice");
            }
            thresholds.add(th);
        }
        return new Budget(id, customerId, name, measure, view, unit, period, amount, amounts, filters, thresholds,
                now, created, now);
    }

    private static BigDecimal amount(String field, String text) {
        BigDecimal a = Amounts.parse(field, text, Amounts.CENT_SCALE, MAX_AMOUNT);
        if (a.signum() <= 0) {
            throw Failure.invalid("invalid-amount", field + " is above 0");
        }
        return a;
    }
}
