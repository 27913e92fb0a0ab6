package io.tollgate.subscription;

import java.time.Instant;

/** A prepaid term was renewed (manually or automatically) and now expires at {@code expiresAt}. */
public record TermRenewed(String resourceId, String customerId, Instant expiresAt, Instant at) {
}
