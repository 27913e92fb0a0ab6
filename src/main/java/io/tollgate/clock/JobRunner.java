package io.tollgate.clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tollgate.jobs.JobItems;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.billing.StatementJob;
import io.tollgate.cost.BudgetService;
import io.tollgate.export.BillFilesJob;
import io.tollgate.settlement.SettlementService;
import io.tollgate.settlement.UsageSettlement;
import io.tollgate.subscription.SubscriptionJobs;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the time-driven jobs in their order: renewal attempts and expiries first (a renewal at
 * 03:00 precedes the expiry at midnight), then lifecycle deadlines, then settlement of compute
 * hours and of rated usage, then the day totals of the days now over, then arrears again, then
 * the monthly statements (a month is
 * finalised only once its last hour is settled, so after the settlement jobs of the same pass; the
 * budgets' hourly checks come just before, on the spend just billed),
 * and last the bill files (the day's month-to-date sets, and a final set once a statement exists). Every
 * instance may run it: each job claims its rows with SKIP LOCKED.
 */
@Component
public class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private final SubscriptionJobs subscriptions;
    private final LifecycleService lifecycle;
    private final SettlementService settlement;
    private final UsageSettlement usage;
    private final StatementJob statements;
    private final BillFilesJob billFiles;
    private final BudgetService budgets;
    private final io.tollgate.cost.AnomalyService anomalies;
    private final io.tollgate.messaging.Notices notices;
    private final io.tollgate.messaging.Reminders reminders;

    private final Quarantine quarantine;
    private final MeterRegistry metrics;
    private final java.time.Clock clock;

    public JobRunner(SubscriptionJobs subscriptions, LifecycleService lifecycle, SettlementService settlement,
                     UsageSettlement usage, StatementJob statements, BillFilesJob billFiles, BudgetService budgets,
                     io.tollgate.cost.AnomalyService anomalies, io.tollgate.messaging.Notices notices,
                     io.tollgate.messaging.Reminders reminders, Quarantine quarantine, MeterRegistry metrics,
                     java.time.Clock clock) {
        this.notices = notices;
        this.reminders = reminders;
        this.subscriptions = subscriptions;
        this.lifecycle = lifecycle;
        this.settlement = settlement;
        this.usage = usage;
        this.statements = statements;
        this.billFiles = billFiles;
        this.budgets = budgets;
        this.anomalies = anomalies;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.clock = clock;
        for (String job : JOBS) {
            Gauge.builder("tollgate.jobs.quarantined.items", () -> quarantine.count(job))
                    .description("items a job holds back after failing on them").tag("job", job).register(metrics);
        }
        Gauge.builder("tollgate.jobs.lag.seconds", () -> lagSeconds(settlement.oldestDue()))
                .description("how long the oldest due item has waited").tag("job", "settlement").register(metrics);
        Gauge.builder("tollgate.jobs.lag.seconds", () -> lagSeconds(usage.oldestDue()))
                .description("how long the oldest due item has waited").tag("job", "usage").register(metrics);
    }

    static final List<String> JOBS = List.of("subscriptions", "arrears", "lifecycle", "settlement", "usage",
            "day-totals", "budgets", "anomalies", "notices", "reminders", "statements", "bill-files");

    private double lagSeconds(java.util.Optional<java.time.Instant> due) {
        return due.map(d -> Math.max(0, java.time.Duration.between(d, clock.instant()).toSeconds())).orElse(0L);
    }

    public record Ran(int subscriptionEvents, int lifecycleChanges, long resourceHours, long feeLines) {
    }

    /** The earliest time any job has work, if any. */
    public java.util.Optional<java.time.Instant> nextDue() {
        return java.util.stream.Stream.of(subscriptions.nextDue(), lifecycle.nextDue(), settlement.nextDue(),
                        usage.nextDue(), budgets.nextDue(), anomalies.nextDue(), reminders.nextDue(), statements.nextDue(), billFiles.nextDue())
                .flatMap(java.util.Optional::stream).min(java.time.Instant::compareTo);
    }

    /**
     * One pass of every job, in this order. Each job runs its items batch by batch; an item that
     * fails rolls back alone and is quarantined ({@link Quarantine}), and the job goes on with the
     * others; no job's failure stops the jobs after it.
     */
    public Ran runDue(int maxSettlementBatches) {
        int s = (int) run("subscriptions", items -> subscriptions.runDue(items));
        int l = (int) run("arrears", items -> lifecycle.applyArrears(items));
        l += (int) run("lifecycle", items -> lifecycle.runDue(Integer.MAX_VALUE, items));
        long[] settled = new long[2];
        run("settlement", items -> {
            SettlementService.Run r = settlement.settleDue(maxSettlementBatches, items);
            settled[0] = r.resourceHours();
            settled[1] = r.feeLines();
            return r.resourceHours();
        });
        long usageLines = run("usage", items -> usage.settleDue(items));
        // The days now over, into the per-day totals of the cost analysis.
        run("day-totals", items -> settlement.rollUpDays(clock.instant()));
        // What the charges just made moved: customers fallen into arrears enter grace now.
        l += (int) run("arrears", items -> lifecycle.applyArrears(items));
        // Budgets due their hourly check, on the spend the settlement just billed.
        run("budgets", budgets::runDue);
        // Anomaly monitors, once a day at 01:00: the day before is billed by then.
        run("anomalies", anomalies::runDue);
        // What the passes told (renewals failed, arrears, alerts) and the reminders due, as messages
        // to the customers' contacts (sent by the message dispatcher on its own schedule).
        run("notices", items -> notices.pass());
        run("reminders", items -> reminders.runDue());
        // The months whose statement day has come and whose last hour is now settled.
        run("statements", statements::runDue);
        // Last, the files of the day: month-to-date sets at midnight, final sets once a statement exists.
        run("bill-files", billFiles::runDue);
        return new Ran(s, l, settled[0], settled[1] + usageLines);
    }

    /** Runs one job with its quarantine, timed and counted; returns what it reports. */
    private long run(String job, java.util.function.ToLongFunction<JobItems> body) {
        Quarantine.Run items = quarantine.start(job);
        Timer.Sample sample = Timer.start(metrics);
        long done;
        try {
            done = body.applyAsLong(items);
        } catch (RuntimeException e) {
            // A failure outside any item (the database gone): this pass of the job ends, the others run.
            LOG.error("job {} could not run: {}", job, e.toString(), e);
            metrics.counter("tollgate.jobs.failed.runs", "job", job).increment();
            return 0;
        } finally {
            sample.stop(metrics.timer("tollgate.jobs.run", "job", job));
        }
        items.finish();
        metrics.counter("tollgate.jobs.items", "job", job).increment(done);
        metrics.counter("tollgate.jobs.quarantined", "job", job).increment(items.failures());
        return done;
    }

    /** The real-time schedule (off in tests, which drive the clock themselves). */
    @Component
    @ConditionalOnProperty(name = "tollgate.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        private final JobRunner jobs;

        Schedule(JobRunner jobs) {
            this.jobs = jobs;
        }

        @Scheduled(fixedDelayString = "${tollgate.jobs.interval:PT1M}", initialDelayString = "${tollgate.jobs.initial-delay:PT5S}")
        void run() {
            Ran ran = jobs.runDue(1000);
            if (ran.subscriptionEvents() + ran.lifecycleChanges() + ran.resourceHours() > 0) {
                LOG.info("jobs: {} subscription events, {} lifecycle changes, {} resource-hours settled",
                        ran.subscriptionEvents(), ran.lifecycleChanges(), ran.resourceHours());
            }
        }
    }
}
