package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * billing-rules.md 9, anomalies: a day's pay-per-use cost is anomalous when it lies above the
 * upper bound of its forecast band by more than one unit of currency. Its severity follows the
 * excess (actual minus the upper bound) as a share of the upper bound: under 20% minor, 20% up to
 * 50% major, 50% and more critical (the "50% and more"; billing-rules' "over 50%" leaves the
 * boundary open); an upper bound of zero makes any excess critical.
 */
public final class Anomaly {
    public static final BigDecimal THRESHOLD = BigDecimal.ONE;

    public enum Severity { MINOR, MAJOR, CRITICAL }

    /** A detected anomaly: the excess over the band and its share of the upper bound (null when the bound is 0). */
    public record Finding(BigDecimal excess, BigDecimal share, Severity severity) {
    }

    private Anomaly() {
    }

    public static Optional<Finding> check(BigDecimal actual, BigDecimal upper) {
        BigDecimal excess = actual.subtract(upper);
        if (excess.compareTo(THRESHOLD) <= 0) {
            return Optional.empty();
        }
        if (upper.signum() <= 0) {
            return Optional.of(new Finding(excess, null, Severity.CRITICAL));
        }
        BigDecimal share = excess.divide(upper, 4, RoundingMode.HALF_UP);
        Severity severity = share.compareTo(new BigDecimal("0.20")) < 0 ? Severity.MINOR
                : share.compareTo(new BigDecimal("0.50")) < 0 ? Severity.MAJOR : Severity.CRITICAL;
        return Optional.of(new Finding(excess, share, severity));
    }

    /**
     * The yearly/monthly rule: month-to-date cost (today excluded) against the same days of the
     * month before is anomalous when it grew by more than {@code thresholdPercent} and by more
     * than one unit. The excess is the growth beyond the threshold; its severity as for a day,
     * against the allowed amount (the previous cost plus the threshold).
     */
    public static Optional<Finding> growth(BigDecimal monthToDate, BigDecimal previous, BigDecimal thresholdPercent) {
        BigDecimal grown = monthToDate.subtract(previous);
        BigDecimal allowed = previous.add(previous.multiply(thresholdPercent).divide(BigDecimal.valueOf(100), 8,
                RoundingMode.HALF_UP));
        if (grown.compareTo(THRESHOLD) <= 0 || monthToDate.compareTo(allowed) <= 0) {
            return Optional.empty();
        }
        BigDecimal excess = monthToDate.subtract(allowed);
        if (allowed.signum() <= 0) {
            return Optional.of(new Finding(excess, null, Severity.CRITICAL));
        }
        BigDecimal share = excess.divide(allowed, 4, RoundingMode.HALF_UP);
        Severity severity = share.compareTo(new BigDecimal("0.20")) < 0 ? Severity.MINOR
                : share.compareTo(new BigDecimal("0.50")) < 0 ? Severity.MAJOR : Severity.CRITICAL;
        return Optional.of(new Finding(excess, share, severity));
    }
}
