package io.tollgate.settlement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs settlement on a fixed delay. Every instance may run it: claims use SKIP LOCKED, so
 * instances share the due rows instead of settling them twice.
 */
@Component
@ConditionalOnProperty(name = "tollgate.jobs.enabled", havingValue = "true", matchIfMissing = true)
public class SettlementJob {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementJob.class);
    private final SettlementService settlement;

    public SettlementJob(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Scheduled(fixedDelayString = "${tollgate.settlement.interval:PT1M}", initialDelayString = "${tollgate.settlement.initial-delay:PT5S}")
    public void run() {
        SettlementService.Run run = settlement.settleDue(1000);
        if (run.resourceHours() > 0) {
            LOG.info("settled {} resource-hours into {} fee lines", run.resourceHours(), run.feeLines());
        }
    }
}
