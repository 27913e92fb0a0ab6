package io.tollgate.subscription.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When automatic renewal is attempted (billing-rules.md section 4): first at 03:00 on the
 * deduction day (0 to 7 days before the expiry date), then at 03:00 each following day until
 * expiry; switched on after the deduction day, at once.
 */
public final class Renewals {
    public static final LocalTime ATTEMPT_TIME = LocalTime.of(3, 0);

    private Renewals() {
    }

    /** The first attempt for a term expiring at {@code expiresAt}, seen at {@code now}; null once it expired. */
    public static Instant firstAttempt(Instant expiresAt, int deductionDays, Instant now, ZoneId zone) {
        if (deductionDays < 0 || deductionDays > 7) {
            throw new IllegalArgumentException("the deduction day is 0 to 7 days before expiry, not " + deductionDays);
        }
        if (!now.isBefore(expiresAt)) {
            return null;
        }
        LocalDate day = expiresAt.atZone(zone).toLocalDate().minusDays(deductionDays);
        Instant first = day.atTime(ATTEMPT_TIME).atZone(zone).toInstant();
        return first.isAfter(now) ? first : now;
    }

    /** The retry after a failed attempt at {@code attemptedAt}: 03:00 the next day, or null when that is past expiry. */
    public static Instant retry(Instant attemptedAt, Instant expiresAt, ZoneId zone) {
        LocalDate next = attemptedAt.atZone(zone).toLocalDate().plusDays(1);
        Instant at = next.atTime(ATTEMPT_TIME).atZone(zone).toInstant();
        return at.isAfter(expiresAt) ? null : at;
    }
}
