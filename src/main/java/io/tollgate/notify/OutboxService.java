package io.tollgate.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.notify.store.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends events in the caller's transaction and lists them for the platform and for customers. */
@Service
public class OutboxService {
    private final OutboxStore store;
    private final Clock clock;

    public OutboxService(OutboxStore store, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.clock = clock;
        // The platform feed keeps no consumer position (the platform holds its cursor), so the
        // backlog shows as the number of events and the newest position: a platform whose
        // cursor lags the newest position has that much to read.
        Gauge.builder("tollgate.outbox.events", store, s -> s.totals()[0])
                .description("events in the outbox").register(metrics);
        Gauge.builder("tollgate.outbox.newest.position", store, s -> s.totals()[1])
                .description("the newest committed position of the platform feed").register(metrics);
    }

    /** Appends an event; an event id already present is kept as it was (telling twice is harmless). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(String eventId, String topic, String customerId, String subjectId,
                          Map<String, Object> payload, Instant occurredAt) {
        return store.append(eventId, topic, customerId, subjectId, payload, occurredAt, clock.instant());
    }

    /** The newest committed position (0 when the outbox is empty). */
    public long newestPosition() {
        return store.totals()[1];
    }

    /** Committed events after a position, in commit order (see the V18_5 migration). */
    public List<OutboxEvent> after(long afterPosition, String customerId, String topicPrefix, int limit) {
        return store.after(afterPosition, customerId, topicPrefix, limit);
    }
}
