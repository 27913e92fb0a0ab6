package io.tollgate.metering.core;

import io.tollgate.catalog.Meter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a reported quantity into price units (billing-rules.md section 2): COUNT meters divide by
 * the unit size (1,000 requests, 10^9 bytes); QUANTITY_TIME meters multiply by the window's
 * seconds over the meter's period (GB-months by the second), counting a started hour whole where
 * the meter says so (file storage). Price units carry 10 decimals, truncated.
 */
public final class Measures {
    private Measures() {
    }

    public static BigDecimal priceUnits(Meter meter, BigDecimal quantity, Instant windowStart, Instant windowEnd) {
        BigDecimal units = quantity;
        if (meter.measure() == Meter.Measure.QUANTITY_TIME) {
            long seconds = Duration.between(windowStart, windowEnd).toSeconds();
            if (Boolean.TRUE.equals(meter.roundUpHours())) {
                seconds = ((seconds + 3599) / 3600) * 3600;
            }
            units = units.multiply(BigDecimal.valueOf(seconds));
            return units.divide(meter.unitSize().multiply(BigDecimal.valueOf(meter.periodSeconds())), 10,
                    RoundingMode.DOWN);
        }
        return units.divide(meter.unitSize(), 10, RoundingMode.DOWN);
    }
}
