package io.tollgate.lifecycle;

import java.time.Instant;

/** A resource's lifecycle row: its state, why it left ACTIVE, since when, and its next deadline. */
public record ResourceLifecycle(String resourceId, String customerId, String billingMode, LifecycleState state,
                                String reason, Instant since, Instant nextTransitionAt, int seq, boolean deleted) {
}
