package io.tollgate.customer;

import java.time.Instant;

/**
 * A person who signs in to the web console: an e-mail, a role and, for customer roles, the
 * customer they act for (the same scope as an API key). The password hash never leaves the
 * customer domain except to the sign-in check.
 */
public record ConsoleUser(long id, String email, String displayName, Role role, String customerId,
                          int failedAttempts, Instant lockedUntil, Instant disabledAt, Instant lastSignInAt,
                          Instant createdAt) {

    public Caller caller() {
        return new Caller(role, customerId, "console:" + id);
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
