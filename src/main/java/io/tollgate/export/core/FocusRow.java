package io.tollgate.export.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the FOCUS export, its values already formatted as they are written (plain decimals,
 * UTC seconds, JSON text), null where FOCUS wants NULL. A row is reused for the next one after
 * {@link #clear()}, so an export allocates little per line.
 */
public final class FocusRow {
    private final String[] values = new String[FocusColumn.count()];

    public FocusRow set(FocusColumn column, String value) {
        values[column.ordinal()] = value == null || value.isEmpty() ? null : value;
        return this;
    }

    public FocusRow set(FocusColumn column, BigDecimal value) {
        values[column.ordinal()] = Csv.decimal(value == null ? null : value.stripTrailingZeros().scale() < 0
                ? value.setScale(0) : value.stripTrailingZeros());
        return this;
    }

    public FocusRow set(FocusColumn column, Instant value) {
        values[column.ordinal()] = Csv.instant(value);
        return this;
    }

    public String get(FocusColumn column) {
        return values[column.ordinal()];
    }

    public void clear() {
        java.util.Arrays.fill(values, null);
    }

    public void writeTo(Csv csv) {
        csv.row(values);
    }

    /** The header row: the column ids in file order. */
    public static void writeHeader(Csv csv) {
        FocusColumn[] columns = FocusColumn.all();
        String[] names = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            names[i] = columns[i].name();
        }
        csv.row(names);
    }
}
