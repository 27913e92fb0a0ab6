package io.tollgate.simulation;

import java.time.Instant;

/**
 * One step of a simulation. Every step has {@code id}, its place in the list the generator made
 * (kept by shrinking, so a shrunk list uses the same idempotency keys and record ids), and {@code at},
 * the time the clock advances to before the step is applied.
 */
public sealed interface Step {
    int id();

    Instant at();

    /** What a step provokes on purpose, beyond the ordinary. */
    enum Fault { NONE, DUPLICATE, REORDERED, LATE }

    record NewCustomer(int id, Instant at, String customer, String level) implements Step {
    }

    /** A top-up; a {@code DUPLICATE} replays an earlier one with the same key and amount. */
    record TopUp(int id, Instant at, String customer, String amount, String idempotencyKey, Fault fault)
            implements Step {
    }

    record CreditLimit(int id, Instant at, String customer, String amount) implements Step {
    }

    /**
     * A platform lifecycle event. {@code DUPLICATE}: an earlier event re-sent with its id;
     * {@code REORDERED}: a new event older than the resource's last one; {@code LATE}: an event
     * for an hour already settled (but not older than the resource's last event).
     */
    record Event(int id, Instant at, String eventId, String type, String customer, String resource,
                 Instant occurredAt, String resourceType, String spec, Integer nodes, Integer sizeGb, Fault fault)
            implements Step {
    }

    /** A usage record; {@code DUPLICATE} re-sends an earlier one, {@code LATE} is for a settled hour. */
    record Usage(int id, Instant at, String recordId, String customer, String resource, String meter,
                 String quantity, Instant windowStart, Instant windowEnd, Fault fault) implements Step {
    }

    record Purchase(int id, Instant at, String customer, String resource, String spec, int nodes, int months,
                    boolean autoRenew) implements Step {
    }

    record Renew(int id, Instant at, String customer, String resource, int months) implements Step {
    }

    record Change(int id, Instant at, String customer, String resource, String spec, int nodes) implements Step {
    }

    record Unsubscribe(int id, Instant at, String customer, String resource) implements Step {
    }

    record AutoRenew(int id, Instant at, String customer, String resource, boolean enabled) implements Step {
    }

    record ToPrepaid(int id, Instant at, String customer, String resource, int months) implements Step {
    }

    record PublishPrice(int id, Instant at, String spec, String unitPrice) implements Step {
    }

    record LifecyclePolicy(int id, Instant at, String level, int graceDays, int retentionDays) implements Step {
    }

    /** Nothing happens but time: the clock jumps (days, after downtime) and the jobs catch up. */
    record Downtime(int id, Instant at) implements Step {
    }

    /** Stop the application and start it again on the same data folder (or kill -9 it, in kill mode). */
    record Restart(int id, Instant at) implements Step {
    }
}
