package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * billing-rules.md 9, optimization, judged on utilization samples (docs/cost.md). Where the rules
 * are silent this follows the large clouds' advisors (a percentile of utilization over the
 * look-back, a headroom on the smaller size):
 * <ul>
 * <li>a resource is <b>idle</b> when the 95th percentile of its GPU utilization (of its memory
 * utilization for a resource without a GPU) is at most {@link #IDLE_AT_MOST} percent;</li>
 * <li>a GPU resource that is not idle and whose 95th percentiles of GPU and memory utilization both
 * stay under {@link #RIGHTSIZE_BELOW} percent is advised to the <b>cheapest smaller GPU share</b>
 * of the same card model and service in the catalog that would run at most {@link #TARGET} percent
 * busy at that percentile: new share x TARGET &ge; current share x max(GPU, memory percentile);</li>
 * <li>both need at least {@link #MIN_SAMPLES} samples (a day of minutes) in the look-back.</li>
 * </ul>
 */
public final class Rightsizing {
    public static final BigDecimal IDLE_AT_MOST = BigDecimal.valueOf(5);
    public static final BigDecimal RIGHTSIZE_BELOW = BigDecimal.valueOf(50);
    public static final BigDecimal TARGET = BigDecimal.valueOf(80);
    public static final long MIN_SAMPLES = 1_440;

    /** A GPU share of cards, numerator/denominator, at its price in force for the resource's mode. */
    public record Share(String specCode, int numerator, int denominator, BigDecimal price) {
        /** This share is smaller than {@code o}: n/d &lt; n'/d'. */
        boolean smallerThan(Share o) {
            return (long) numerator * o.denominator < (long) o.numerator * denominator;
        }
    }

    private Rightsizing() {
    }

    /** Idle: the percentile that matters (GPU, else memory) at most {@link #IDLE_AT_MOST}. */
    public static boolean idle(long samples, BigDecimal gpuP95, BigDecimal memoryP95) {
        BigDecimal busy = gpuP95 != null ? gpuP95 : memoryP95;
        return samples >= MIN_SAMPLES && busy != null && busy.compareTo(IDLE_AT_MOST) <= 0;
    }

    /**
     * The share to move to, or empty: the cheapest of {@code catalog} (other shares of the same card
     * model) that is smaller and cheaper than {@code current} and large enough for the load; of two
     * as cheap, the larger.
     */
    public static Optional<Share> smaller(Share current, long samples, BigDecimal gpuP95, BigDecimal memoryP95,
                                          List<Share> catalog) {
        if (samples < MIN_SAMPLES || gpuP95 == null || memoryP95 == null || idle(samples, gpuP95, memoryP95)
                || gpuP95.compareTo(RIGHTSIZE_BELOW) >= 0 || memoryP95.compareTo(RIGHTSIZE_BELOW) >= 0) {
            return Optional.empty();
        }
        BigDecimal peak = gpuP95.max(memoryP95);
        return catalog.stream()
                .filter(s -> s.smallerThan(current) && s.price().compareTo(current.price()) < 0)
                .filter(s -> enough(s, current, peak))
                .min(Comparator.comparing(Share::price).thenComparing((a, b) -> a.smallerThan(b) ? 1
                        : b.smallerThan(a) ? -1 : 0));
    }

    /** n'/d' x TARGET &ge; n/d x peak, multiplied out: n' x d x TARGET &ge; n x d' x peak. */
    private static boolean enough(Share candidate, Share current, BigDecimal peak) {
        BigDecimal left = BigDecimal.valueOf((long) candidate.numerator * current.denominator).multiply(TARGET);
        BigDecimal right = BigDecimal.valueOf((long) current.numerator * candidate.denominator).multiply(peak);
        return left.compareTo(right) >= 0;
    }
}
