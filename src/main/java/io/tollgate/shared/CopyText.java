package io.tollgate.shared;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Values in PostgreSQL's COPY text format, for the stores that write rows in bulk: tab-separated,
 * backslash, tab and line breaks escaped, null as \N.
 */
public final class CopyText {
    private CopyText() {
    }

    public static StringBuilder text(StringBuilder row, String value) {
        if (value == null) {
            return row.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return row;
    }

    public static String decimal(BigDecimal value) {
        return value == null ? "\\N" : value.toPlainString();
    }

    /**
     * An instant as PostgreSQL text, rounded half-up to the microsecond as the JDBC driver's
     * setTimestamp rounds it (PostgreSQL itself would round half-even), so both paths store the same value.
     */
    public static String instant(Instant t) {
        return t == null ? "\\N" : t.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }
}
