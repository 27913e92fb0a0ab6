package io.tollgate.metering;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.combining.Combiner;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Write combining for small usage requests (issue 14, through {@link Combiner}): the records of
 * requests that arrive while an ingestion transaction is in flight are gathered into the next one
 * (one insert, one rating pass, one commit and fsync), and each request gets back its own
 * records' fates, in its order, once that transaction has committed.
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
    private final Function<List<UsageRecord>, List<RecordOutcome>> ingest;
    private final Combiner<List<UsageRecord>, List<RecordOutcome>> combiner;

    @Autowired
    public UsageCoalescer(MeteringService metering, @Value("${tollgate.ingestion.combiners:1}") int combiners,
                          @Value("${tollgate.ingestion.linger:0ms}") java.time.Duration linger, MeterRegistry metrics) {
        this(metering::ingest, combiners, MeteringService.MAX_BATCH, metrics, linger);
    }

    UsageCoalescer(Function<List<UsageRecord>, List<RecordOutcome>> ingest, int combiners, int maxRecords,
                   MeterRegistry metrics, java.time.Duration linger) {
        this.ingest = ingest;
        this.combiner = new Combiner<>("usage", combiners, maxRecords, List::size, this::merged, ingest, metrics,
                "tollgate.ingestion.requests.per.transaction", linger);
    }

    /** Each record's fate, in order, once durable; a request-level refusal (batch size) as the service gives it. */
    public List<RecordOutcome> ingest(List<UsageRecord> records) {
        if (!combiner.combining() || records == null || records.isEmpty() || records.size() > SMALL) {
            return ingest.apply(records);
        }
        // a copy that keeps null records: each is refused on its own (invalid-record), as without combining
        return combiner.submit(Collections.unmodifiableList(new ArrayList<>(records)));
    }

    /** The requests' records in one ingestion, its fates split back per request. */
    private List<List<RecordOutcome>> merged(List<List<UsageRecord>> requests) {
        List<UsageRecord> merged = new ArrayList<>();
        requests.forEach(merged::addAll);
        List<RecordOutcome> fates = ingest.apply(merged);
        List<List<RecordOutcome>> split = new ArrayList<>();
        int at = 0;
        for (List<UsageRecord> r : requests) {
            split.add(new ArrayList<>(fates.subList(at, at + r.size())));
            at += r.size();
        }
        return split;
    }

    @PreDestroy
    void stop() {
        combiner.close();
    }
}
