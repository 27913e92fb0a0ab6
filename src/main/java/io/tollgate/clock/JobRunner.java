package io.tollgate.clock;

import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.settlement.SettlementService;
import io.tollgate.settlement.UsageSettlement;
import io.tollgate.subscription.SubscriptionJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the time-driven jobs in their order: renewal attempts and expiries first (a renewal at
 * 03:00 precedes the expiry at midnight), then lifecycle deadlines, then settlement of compute
 * hours and of rated usage. Every
 * instance may run it: each job claims its rows with SKIP LOCKED.
 */
@Component
public class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private final SubscriptionJobs subscriptions;
    private final LifecycleService lifecycle;
    private final SettlementService settlement;
    private final UsageSettlement usage;

    public JobRunner(SubscriptionJobs subscriptions, LifecycleService lifecycle, SettlementService settlement,
                     UsageSettlement usage) {
        this.subscriptions = subscriptions;
        this.lifecycle = lifecycle;
        this.settlement = settlement;
        this.usage = usage;
    }

    public record Ran(int subscriptionEvents, int lifecycleChanges, long resourceHours, long feeLines) {
    }

    /** The earliest time any job has work, if any. */
    public java.util.Optional<java.time.Instant> nextDue() {
        return java.util.stream.Stream.of(subscriptions.nextDue(), lifecycle.nextDue(), settlement.nextDue(),
                        usage.nextDue())
                .flatMap(java.util.Optional::stream).min(java.time.Instant::compareTo);
    }

    public Ran runDue(int maxSettlementBatches) {
        int s = subscriptions.runDue();
        int l = lifecycle.runDue(Integer.MAX_VALUE);
        SettlementService.Run run = settlement.settleDue(maxSettlementBatches);
        long usageLines = usage.settleDue();
        return new Ran(s, l, run.resourceHours(), run.feeLines() + usageLines);
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
