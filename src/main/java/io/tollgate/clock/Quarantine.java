package io.tollgate.clock;

import io.tollgate.clock.store.QuarantineStore;
import io.tollgate.jobs.JobItems;
import io.tollgate.shared.Failure;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Items a job failed on, held back with their error and retried with exponential back-off (1
 * minute, doubling, at most 6 hours, on the billing clock), so that one bad item never stops the
 * others. A failure is written in a transaction of its own (the item's was rolled back), logged
 * at ERROR with the job and item, and counted by the job runner's metrics.
 */
@Service
public class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private final QuarantineStore store;
    private final Clock clock;
    private final TransactionTemplate ownTx;

    public Quarantine(QuarantineStore store, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.clock = clock;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }


    /** One run of a job: what it must leave out, and what failed in it. */
    final class Run implements JobItems {
        private final String job;
        private final Set<String> held;
        private final List<String> released;
        private final Set<String> failed = new HashSet<>();

        Run(String job) {
            this.job = job;
            Instant now = clock.instant();
            this.held = new HashSet<>(store.held(job, now));
            this.released = store.released(job, now);
        }

        @Override
        public Collection<String> held() {
            return held;
        }

        @Override
        public void failed(String item, RuntimeException error) {
            held.add(item);
            failed.add(item);
            Instant now = clock.instant();
            String text = describe(error);
            int attempts = ownTx.execute(status -> store.failed(job, item, text, now, n -> now.plus(QuarantineBackOff.of(n))));
            LOG.error("job {} quarantined item {} (failure {} in a row, retry in {}): {}", job, item, attempts,
                    QuarantineBackOff.of(attempts), text, attempts == 1 ? error : null);
        }

        int failures() {
            return failed.size();
        }

        /** The released items that did not fail again this run are well again. */
        void finish() {
            List<String> well = released.stream().filter(i -> !failed.contains(i)).toList();
            ownTx.executeWithoutResult(status -> store.clear(job, well));
        }
    }

    Run start(String job) {
        return new Run(job);
    }

    private static String describe(RuntimeException e) {
        String kind = e instanceof Failure f ? f.code() : e.getClass().getSimpleName();
        String text = kind + ": " + e.getMessage();
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    public List<QuarantineStore.Row> list(int limit) {
        return store.page(limit);
    }

    public long count(String job) {
        return store.count(job);
    }

    /** Makes a held item due for a retry at the next run (operator). */
    public void retryNow(String job, String item) {
        if (!store.retryNow(job, item, clock.instant())) {
            throw Failure.notFound("unknown-quarantined-item", "job " + job + " holds no item " + item);
        }
    }
}
