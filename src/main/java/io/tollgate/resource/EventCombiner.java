package io.tollgate.resource;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.combining.Combiner;
import io.tollgate.combining.Fate;
import io.tollgate.combining.Savepoint;
import jakarta.annotation.PreDestroy;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write combining of single lifecycle events (issue 14, {@code tollgate.resource-events.combiners},
 * default 0: off, as for top-ups): events reported while an event transaction is in flight are
 * applied together in the next one, each by the unchanged {@link ResourceService#report} in a savepoint of its own, with what
 * it sets off in the same transaction as before (settlement's schedule, the lifecycle's row). A
 * refused event rolls back to its savepoint and is answered alone; its neighbours commit. Each
 * caller is answered once the transaction has committed, with the outcome it would have had
 * applied after the events queued before it (two copies of one event id: APPLIED, then DUPLICATE).
 * Any other failure (a deadlock with settlement, a failed commit) fails the group, which is then
 * applied event by event.
 */
@Service
public class EventCombiner {
    private static final int MAX_GROUP = 500;
    private final ResourceService resources;
    private final TransactionTemplate tx;
    private final Savepoint savepoint;
    private final Combiner<ResourceEvent, Fate<EventOutcome>> combiner;

    EventCombiner(ResourceService resources, PlatformTransactionManager txm,
                  @Value("${tollgate.resource-events.combiners:0}") int combiners, MeterRegistry metrics) {
        this.resources = resources;
        this.tx = new TransactionTemplate(txm);
        this.savepoint = new Savepoint(txm);
        this.combiner = new Combiner<>("resource-event", combiners, MAX_GROUP, e -> 1, this::group,
                e -> Fate.of(resources.report(e)), metrics, "tollgate.resource.events.per.transaction");
    }

    /** As {@link ResourceService#report}, answered once the event is durable; a refusal is thrown. */
    public EventOutcome report(ResourceEvent e) {
        return combiner.submit(e).get();
    }

    private List<Fate<EventOutcome>> group(List<ResourceEvent> events) {
        return tx.execute(status -> savepoint.each(events, resources::report));
    }

    @PreDestroy
    void stop() {
        combiner.close();
    }
}
