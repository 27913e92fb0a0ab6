package io.tollgate.metering.core;

import io.tollgate.metering.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of resource packages (billing-rules.md section 3), as pure functions: which period
 * of a package an instant falls in, and how a quantity is drawn from several packages.
 */
public final class Packages {
    /** The order packages are used in: the one expiring first, then the one starting first, then by id. */
    public static final Comparator<Available> USE_ORDER = Comparator.comparing(Available::expiresAt)
            .thenComparing(Available::startsAt).thenComparing(Available::packageId);

    private Packages() {
    }

    /** Where a package stands at an instant. */
    public enum Status { NOT_YET_VALID, ACTIVE, USED_UP, EXPIRED }

    /**
     * The exclusive end of a package bought for {@code months} months from {@code startsAt}: the
     * same wall-clock time {@code months} calendar months later in the billing zone, so that a
     * MONTHLY package has exactly {@code months} periods (a package starting on the 31st of January
     * for one month ends on the last day of February at that time, as {@link ZonedDateTime#plusMonths}
     * counts it, and its period ends there too).
     */
    public static Instant validUntil(Instant startsAt, int months, ZoneId zone) {
        if (months < 1) {
            throw new IllegalArgumentException("a package is valid for at least one month, not " + months);
        }
        return startsAt.atZone(zone).plusMonths(months).toInstant();
    }

    /**
     * A package's status at {@code at} given what is left of its current period: not yet valid
     * before its start, expired from its expiry on, used up while valid with nothing left of the
     * current period (a MONTHLY package is ACTIVE again when its next month begins), else active.
     */
    public static Status status(ResourcePackage p, Instant at, BigDecimal remaining) {
        if (at.isBefore(p.startsAt())) {
            return Status.NOT_YET_VALID;
        }
        if (!at.isBefore(p.expiresAt())) {
            return Status.EXPIRED;
        }
        return remaining.signum() <= 0 ? Status.USED_UP : Status.ACTIVE;
    }

    /** Whether {@code at} lies in the package's validity [startsAt, expiresAt). */
    public static boolean valid(ResourcePackage p, Instant at) {
        return !at.isBefore(p.startsAt()) && at.isBefore(p.expiresAt());
    }

    /**
     * The start of the period of {@code p} that holds {@code at} (which must lie in its validity):
     * the package's start for a TOTAL quota; for a MONTHLY quota the latest of startsAt + k months
     * (in the billing zone, k = 0, 1, ...) not after {@code at}. A month after the 31st of January
     * is the last day of February, as {@link ZonedDateTime#plusMonths} counts it; each period is
     * counted from the start, so the day of the month does not drift.
     */
    public static Instant periodStart(ResourcePackage p, Instant at, ZoneId zone) {
        if (p.period() == ResourcePackage.Period.TOTAL) {
            return p.startsAt();
        }
        ZonedDateTime start = p.startsAt().atZone(zone);
        long k = Math.max(0, ChronoUnit.MONTHS.between(start, at.atZone(zone)));
        while (k > 0 && start.plusMonths(k).toInstant().isAfter(at)) {
            k--;
        }
        while (!start.plusMonths(k + 1).toInstant().isAfter(at)) {
            k++;
        }
        return start.plusMonths(k).toInstant();
    }

    /** The exclusive end of the period starting at {@code periodStart}: a month later, or the expiry if sooner. */
    public static Instant periodEnd(ResourcePackage p, Instant periodStart, ZoneId zone) {
        if (p.period() == ResourcePackage.Period.TOTAL) {
            return p.expiresAt();
        }
        ZonedDateTime start = p.startsAt().atZone(zone);
        long k = ChronoUnit.MONTHS.between(start, periodStart.atZone(zone));
        while (!start.plusMonths(k).toInstant().isAfter(periodStart)) {
            k++;
        }
        Instant next = start.plusMonths(k).toInstant();
        return next.isBefore(p.expiresAt()) ? next : p.expiresAt();
    }

    /** What a package still holds in the period in question. */
    public record Available(String packageId, Instant expiresAt, Instant startsAt, BigDecimal left) {
    }

    public record Taken(String packageId, BigDecimal quantity) {
    }

    /**
     * Draws up to {@code quantity} from the packages in {@link #USE_ORDER}, each giving what it
     * still holds until the quantity is covered. What is drawn never exceeds the quantity, nor any
     * package's remainder; what no package covers is left to pay-per-use.
     */
    public static List<Taken> draw(List<Available> available, BigDecimal quantity) {
        List<Available> ordered = new ArrayList<>(available);
        ordered.sort(USE_ORDER);
        List<Taken> taken = new ArrayList<>();
        BigDecimal needed = quantity;
        for (Available a : ordered) {
            if (needed.signum() <= 0) {
                break;
            }
            BigDecimal take = a.left().min(needed);
            if (take.signum() > 0) {
                taken.add(new Taken(a.packageId(), take));
                needed = needed.subtract(take);
            }
        }
        return taken;
    }
}
