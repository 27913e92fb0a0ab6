package io.tollgate.cli;

import io.tollgate.catalog.Meter;
import io.tollgate.metering.UsageRecord;
import io.tollgate.shared.Hours;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a scenario's usage record that spans several clock hours into one record per hour, as
 * the ingestion API wants them: a level measured over time (QUANTITY_TIME: GB stored) keeps its
 * quantity in every piece; a count (COUNT: requests, bytes, tokens) is shared by the seconds of
 * each piece, truncated to 10 decimals, the last piece taking the rest so the pieces add up to it.
 * Pieces are named {@code <recordId>:1}, {@code :2} ...; a record inside one hour is left as it is.
 */
final class UsageSplit {
    private static final int QUANTITY_SCALE = 10;

    private UsageSplit() {
    }

    static List<UsageRecord> byHour(UsageRecord r, Meter.Measure measure, java.time.ZoneId zone) {
        if (r.windowStart() == null || r.windowEnd() == null || r.quantity() == null
                || !r.windowEnd().isAfter(Hours.floor(r.windowStart(), zone).plus(Hours.ONE))) {
            return List.of(r);
        }
        BigDecimal quantity = new BigDecimal(r.quantity());
        long total = Duration.between(r.windowStart(), r.windowEnd()).toSeconds();
        List<UsageRecord> pieces = new ArrayList<>();
        BigDecimal given = BigDecimal.ZERO;
        Instant from = r.windowStart();
        int n = 1;
        while (from.isBefore(r.windowEnd())) {
            Instant hourEnd = Hours.floor(from, zone).plus(Hours.ONE);
            Instant to = hourEnd.isBefore(r.windowEnd()) ? hourEnd : r.windowEnd();
            BigDecimal piece;
            if (measure == Meter.Measure.QUANTITY_TIME) {
                piece = quantity;
            } else if (to.equals(r.windowEnd())) {
                piece = quantity.subtract(given);
            } else {
                piece = quantity.multiply(BigDecimal.valueOf(Duration.between(from, to).toSeconds()))
                        .divide(BigDecimal.valueOf(total), QUANTITY_SCALE, RoundingMode.DOWN);
            }
            given = given.add(piece);
            pieces.add(new UsageRecord(r.recordId() + ":" + n++, r.customerId(), r.resourceId(), r.meter(),
                    piece.stripTrailingZeros().toPlainString(), from, to, r.enterpriseProject(), r.tags(),
                    r.attributes()));
            from = to;
        }
        return pieces;
    }
}
