package io.tollgate.settlement;

import java.math.BigDecimal;
import java.time.Instant;

/** What a resource was charged for the usage of one clock hour (adjustments count in the hour they correct). */
public record HourCharge(String resourceId, Instant usageHour, BigDecimal charged) {
}
