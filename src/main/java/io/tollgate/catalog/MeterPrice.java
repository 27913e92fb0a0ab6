package io.tollgate.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A version of a meter's price: FLAT (one tier), GRADUATED (each tier prices the usage inside
 * it) or VOLUME (the tier reached by the month's usage prices all of it), with a monthly free
 * quota in price units.
 */
public record MeterPrice(long id, String meterCode, String region, String currency, Model model, List<Tier> tiers,
                         BigDecimal freeQuota, Instant effectiveFrom, int version, Instant publishedAt) {
    public enum Model { FLAT, GRADUATED, VOLUME }

    /** Usage up to {@code upTo} price units in the month (null: no upper bound) at {@code unitPrice}. */
    public record Tier(BigDecimal upTo, BigDecimal unitPrice) {
    }
}
