package io.tollgate.metering;

import java.util.List;
import java.util.function.Function;

/** A coalescer with one combiner over a given ingestion, for tests that make a combined transaction fail. */
public final class UsageCoalescerProbe implements AutoCloseable {
    public final UsageCoalescer coalescer;

    public UsageCoalescerProbe(Function<List<UsageRecord>, List<RecordOutcome>> ingest) {
        this.coalescer = new UsageCoalescer(ingest, 1, MeteringService.MAX_BATCH, null, java.time.Duration.ZERO);
    }

    @Override
    public void close() {
        coalescer.stop();
    }
}
