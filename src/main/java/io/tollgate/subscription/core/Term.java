package io.tollgate.subscription.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A prepaid term: {@code months} (1-11) or {@code years} (1-3) from a start. A term ends at
 * 23:59:59 of the expiry date in the billing time zone; as a half-open period it runs to the
 * next midnight (billing-rules.md section 4).
 */
public record Term(TermUnit unit, int count) {
    public enum TermUnit { MONTH, YEAR }

    public Term {
        if (unit == null) {
            throw new IllegalArgumentException("a term needs a unit");
        }
        int max = unit == TermUnit.MONTH ? 11 : 3;
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("a term is 1-11 months or 1-3 years, not " + count + " " + unit);
        }
    }

    public int months() {
        return unit == TermUnit.MONTH ? count : count * 12;
    }

    /**
     * The expiry date of a term bought at {@code start}: the same day-of-month in the target month,
     * or that month's last day when it lacks the day (bought 31 January, one month: 28 or 29
     * February). A purchase on the 30th of April ends on the 30th of May: only renewals follow the
     * month's end (billing-rules.md section 4).
     */
    public LocalDate expiryDate(Instant start, ZoneId zone) {
        return expiryDate(start.atZone(zone).toLocalDate());
    }

    public LocalDate expiryDate(LocalDate startDate) {
        return unit == TermUnit.MONTH ? startDate.plusMonths(count) : startDate.plusYears(count);
    }

    /** 23:59:59 of the expiry date: one month from 2023-03-08 15:50:04 ends 2023-04-08 23:59:59. */
    public Instant expiresAt(Instant start, ZoneId zone) {
        return lastSecondOf(expiryDate(start, zone), zone);
    }

    /** A renewal runs from the old expiry: the new expiry date is the old one plus this term. */
    public Instant renewedExpiry(Instant oldExpiresAt, ZoneId zone) {
        return lastSecondOf(renewedExpiryDate(oldExpiresAt.atZone(zone).toLocalDate()), zone);
    }

    /**
     * The expiry date after renewing a term that expires on {@code oldExpiryDate}: a term ending on
     * the last day of a month renews to the last day of the target month (30 April, one month: 31
     * May); otherwise the same day-of-month, clamped to the target month's end.
     */
    public LocalDate renewedExpiryDate(LocalDate oldExpiryDate) {
        LocalDate target = expiryDate(oldExpiryDate);
        boolean monthEnd = oldExpiryDate.getDayOfMonth() == oldExpiryDate.lengthOfMonth();
        return monthEnd ? target.withDayOfMonth(target.lengthOfMonth()) : target;
    }

    public static Instant lastSecondOf(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, LocalTime.of(23, 59, 59), zone).toInstant();
    }

    /** The exclusive end of a term that expires at {@code expiresAt} (the next midnight). */
    public static Instant endExclusive(Instant expiresAt) {
        return expiresAt.plusSeconds(1);
    }

    /** The start of the clock hour (in the billing zone) holding {@code at}: 10:30 counts from 10:00. */
    public static Instant hourStart(Instant at, ZoneId zone) {
        return at.atZone(zone).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant();
    }

    /** The end of the clock hour holding {@code at}, or {@code at} itself on the hour: 23:59:59 counts to midnight. */
    public static Instant hourEnd(Instant at, ZoneId zone) {
        Instant start = hourStart(at, zone);
        return start.equals(at) ? at : start.plus(Duration.ofHours(1));
    }

    /** Whole hours between two instants, rounded down. */
    public static long wholeHours(Instant from, Instant to) {
        return to.isAfter(from) ? Duration.between(from, to).toHours() : 0;
    }
}
