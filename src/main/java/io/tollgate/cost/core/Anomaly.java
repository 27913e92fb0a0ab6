package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * billing-rules.md 9, anomalies: a day's pay-per-use cost is anomalous when it lies above the
 * upper bound of its forecast band by more than one unit of currency. Its severity follows the
 * excess (actual minus the upper bound) as a share of the upper bound: under 20% minor, 20% to 50%
 * major, over 50% critical (an upper bound of zero makes any excess critical).
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
                : share.compareTo(new BigDecimal("0.50")) <= 0 ? Severity.MAJOR : Severity.CRITICAL;
        return Optional.of(new Finding(excess, share, severity));
    }
}
