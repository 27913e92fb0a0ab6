package io.tollgate.export.core;

import io.tollgate.shared.Memo;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the FOCUS export, its values already formatted as they are written (plain decimals,
 * UTC seconds, JSON text), null where FOCUS wants NULL. A row is reused for the next one after
 * {@link #clear()}, so an export allocates little per line.
 */
public final class FocusRow {
    private final String[] values = new String[FocusColumn.count()];
    private final boolean[] plain = new boolean[FocusColumn.count()];
    private final boolean[] listed = new boolean[FocusColumn.count()];
    /** The columns holding a value, in the order they were set ({@code count} of them). */
    private final int[] filled = new int[FocusColumn.count()];
    private int count;
    private final Memo<Instant, String> instants = new Memo<>(100_000, Csv::instant);

    public FocusRow set(FocusColumn column, String value) {
        return put(column.ordinal(), value == null || value.isEmpty() ? null : value, false);
    }

    public FocusRow set(FocusColumn column, BigDecimal value) {
        return put(column.ordinal(), plain(value), true);
    }

    private FocusRow put(int column, String value, boolean plainText) {
        if (!listed[column]) {
            listed[column] = true;
            filled[count++] = column;
        }
        values[column] = value;
        plain[column] = plainText;
        return this;
    }

    /** A decimal without trailing zeros and never in E notation (0, 12, 0.66), or null. */
    public static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return "0";
        }
        String text = value.toPlainString();
        if (value.scale() <= 0) {
            return text;
        }
        // the trailing zeros of the fraction, then a bare point, cut from the text (cheaper than
        // BigDecimal.stripTrailingZeros, which divides by ten for each)
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    /** An instant as the export writes it; the few distinct instants of a month are formatted once each. */
    public FocusRow set(FocusColumn column, Instant value) {
        return put(column.ordinal(), value == null ? null : instants.get(value), true);
    }

    public String get(FocusColumn column) {
        return values[column.ordinal()];
    }

    /** Empties the row: only the columns set since the last clear are touched. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            values[filled[i]] = null;
            listed[filled[i]] = false;
        }
        count = 0;
    }

    public void writeTo(Csv csv) {
        csv.row(values, plain);
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
