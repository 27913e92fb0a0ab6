package io.tollgate.metering.core;

import io.tollgate.catalog.Meter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a reported quantity into price units (billing-rules.md section 2): COUNT meters divide by
 * the unit size (1,000 requests, 10^9 bytes); QUANTITY_TIME meters multiply by the window's
 * seconds over the meter's period (GB-months by the second). Price units carry 10 decimals,
 * truncated.
 *
 * <p>Where the meter counts a started hour whole (file storage), the rule applies per resource and
 * clock hour, not per record: the hour bills the largest quantity reported for it, for one whole
 * hour. A record adds only what it raises that peak by ({@link #startedHourUnits}): two half-hour
 * records of 100 GB are 100 GB-hours, 100 GB then 150 GB are 150, 150 GB then 100 GB are 150.
 */
public final class Measures {
    private Measures() {
    }

    /**
     * The price units of one record. For a started-hour meter this is the record as the first of
     * its resource-hour ({@link #startedHourUnits} with no peak before it).
     */
    public static BigDecimal priceUnits(Meter meter, BigDecimal quantity, Instant windowStart, Instant windowEnd) {
        if (Boolean.TRUE.equals(meter.roundUpHours())) {
            return startedHourUnits(meter, BigDecimal.ZERO, quantity);
        }
        BigDecimal units = quantity;
        if (meter.measure() == Meter.Measure.QUANTITY_TIME) {
            long seconds = Duration.between(windowStart, windowEnd).toSeconds();
            units = units.multiply(BigDecimal.valueOf(seconds));
            return units.divide(meter.unitSize().multiply(BigDecimal.valueOf(meter.periodSeconds())), 10,
                    RoundingMode.DOWN);
        }
        return units.divide(meter.unitSize(), 10, RoundingMode.DOWN);
    }

    /**
     * The price units a record of a started-hour meter adds to its resource-hour: the increase of
     * the hour's peak quantity ({@code peakBefore}: the largest quantity already reported for this
     * resource, meter and clock hour; zero for the first record), for one whole hour, whatever the
     * record's window (one second or sixty minutes).
     */
    public static BigDecimal startedHourUnits(Meter meter, BigDecimal peakBefore, BigDecimal quantity) {
        if (meter.measure() != Meter.Measure.QUANTITY_TIME || !Boolean.TRUE.equals(meter.roundUpHours())) {
            throw new IllegalArgumentException("meter " + meter.code() + " does not count started hours");
        }
        BigDecimal increase = quantity.subtract(peakBefore).max(BigDecimal.ZERO);
        return increase.multiply(BigDecimal.valueOf(3600))
                .divide(meter.unitSize().multiply(BigDecimal.valueOf(meter.periodSeconds())), 10, RoundingMode.DOWN);
    }
}
