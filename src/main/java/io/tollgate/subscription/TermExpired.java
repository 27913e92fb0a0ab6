package io.tollgate.subscription;

import java.time.Instant;

/** A prepaid term ran out without renewal at {@code expiredAt} (the second after 23:59:59). */
public record TermExpired(String resourceId, String customerId, Instant expiredAt) {
}
