package io.tollgate.metering;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Write combining for small usage requests (issue 14): the records of requests that arrive while
 * an ingestion transaction is in flight are gathered into the next one (one insert, one rating
 * pass, one commit and fsync), and each request gets back its own records' fates, in its order,
 * once that transaction has committed. Nothing waits on a timer: a request that finds no
 * transaction running goes at once; under load, the queue fills while the combiners commit.
 *
 * <p>Fates are those of the requests ingested one after another in queue order (the first of a
 * record id in a combined batch is its owner; the same id again is DUPLICATE or record-id-reused,
 * as it would be in a later request). A combined transaction that fails as a whole is run again
 * request by request, so a request that cannot be ingested fails alone. Requests of more than
 * {@link #SMALL} records go straight to the service: they are big enough batches already.
 */
@Service
public class UsageCoalescer {
    static final int SMALL = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(UsageCoalescer.class);
    private final Function<List<UsageRecord>, List<RecordOutcome>> ingest;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> combiners = new ArrayList<>();
    private final int maxRecords;
    private volatile boolean running = true;
    private final io.micrometer.core.instrument.DistributionSummary requestsPerTransaction;

    /** One request waiting: its records and where its fates go. */
    record Pending(List<UsageRecord> records, CompletableFuture<List<RecordOutcome>> answer) {
    }

    @Autowired
    public UsageCoalescer(MeteringService metering, @Value("${tollgate.ingestion.combiners:1}") int combiners,
                          io.micrometer.core.instrument.MeterRegistry metrics) {
        this(metering::ingest, combiners, MeteringService.MAX_BATCH, metrics);
    }

    UsageCoalescer(Function<List<UsageRecord>, List<RecordOutcome>> ingest, int combiners, int maxRecords,
                   io.micrometer.core.instrument.MeterRegistry metrics) {
        this.ingest = ingest;
        this.requestsPerTransaction = metrics == null ? null : io.micrometer.core.instrument.DistributionSummary
                .builder("tollgate.ingestion.requests.per.transaction")
                .description("usage requests combined into one ingestion transaction").register(metrics);
        this.maxRecords = maxRecords;
        for (int i = 0; i < combiners; i++) {
            Thread t = new Thread(this::combine, "usage-combiner-" + i);
            t.setDaemon(true);
            t.start();
            this.combiners.add(t);
        }
    }

    /** Each record's fate, in order, once durable; a request-level refusal (batch size) as the service gives it. */
    public List<RecordOutcome> ingest(List<UsageRecord> records) {
        if (combiners.isEmpty() || records == null || records.isEmpty() || records.size() > SMALL) {
            return ingest.apply(records);
        }
        // a copy that keeps null records: each is refused on its own (invalid-record), as without combining
        Pending p = new Pending(java.util.Collections.unmodifiableList(new ArrayList<>(records)),
                new CompletableFuture<>());
        queue.add(p);
        try {
            return p.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the records were ingested", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }

    private void combine() {
        Pending carry = null;
        while (running) {
            List<Pending> group = new ArrayList<>();
            try {
                Pending first = carry != null ? carry : queue.take();
                carry = null;
                group.add(first);
                int n = first.records().size();
                Pending next;
                while ((next = queue.poll()) != null) {
                    if (n + next.records().size() > maxRecords) {
                        carry = next;
                        break;
                    }
                    group.add(next);
                    n += next.records().size();
                }
                run(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("usage combiner failed", e);
                group.forEach(p -> p.answer().completeExceptionally(e));
            }
        }
    }

    void run(List<Pending> group) {
        if (requestsPerTransaction != null) {
            requestsPerTransaction.record(group.size());
        }
        if (group.size() == 1) {
            alone(group.get(0));
            return;
        }
        List<UsageRecord> merged = new ArrayList<>();
        group.forEach(p -> merged.addAll(p.records()));
        List<RecordOutcome> fates;
        try {
            fates = ingest.apply(merged);
        } catch (RuntimeException e) {
            // the combined transaction rolled back: nothing of it was acknowledged; each request again on its own
            LOG.warn("a combined ingestion of {} requests failed ({}); ingesting them one by one", group.size(),
                    e.toString());
            group.forEach(this::alone);
            return;
        }
        int at = 0;
        for (Pending p : group) {
            p.answer().complete(new ArrayList<>(fates.subList(at, at + p.records().size())));
            at += p.records().size();
        }
    }

    private void alone(Pending p) {
        try {
            p.answer().complete(ingest.apply(p.records()));
        } catch (RuntimeException e) {
            p.answer().completeExceptionally(e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        combiners.forEach(Thread::interrupt);
        Pending p;
        while ((p = queue.poll()) != null) {
            alone(p);
        }
    }
}
