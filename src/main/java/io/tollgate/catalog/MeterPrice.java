package io.tollgate.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A version of a meter's price: FLAT (one tier), GRADUATED (each tier prices the usage inside
 * it) or VOLUME (the tier reached by the month's usage prices all of it), with a monthly free
 * quota read by its {@link FreeQuotaBasis}.
 */
public record MeterPrice(long id, String meterCode, String region, String currency, Model model, List<Tier> tiers,
                         BigDecimal freeQuota, Instant effectiveFrom, int version, Instant publishedAt,
                         FreeQuotaBasis freeQuotaBasis) {
    public enum Model { FLAT, GRADUATED, VOLUME }

    /**
     * How {@code freeQuota} is read. {@code PRICE_UNITS}: that many price units a month, whatever
     * its length (1 GB of traffic, 5 thousand requests). {@code STORED_QUANTITY} (time-based meters
     * only): a quantity, in the meter's unit size (GB), that may be stored all month for free, so the
     * month's free price units are {@code freeQuota x seconds of the month / periodSeconds}: 500 MB of
     * log storage priced per GB-day is 0.5 x 31 = 15.5 GB-days in January, 0.5 x 28 = 14 in a
     * February of 28 days.
     */
    public enum FreeQuotaBasis { PRICE_UNITS, STORED_QUANTITY }

    public MeterPrice {
        freeQuotaBasis = freeQuotaBasis == null ? FreeQuotaBasis.PRICE_UNITS : freeQuotaBasis;
    }

    /** Usage up to {@code upTo} price units in the month (null: no upper bound) at {@code unitPrice}. */
    public record Tier(BigDecimal upTo, BigDecimal unitPrice) {
    }
}
