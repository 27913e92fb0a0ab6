package io.tollgate.export.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 4180 CSV fields: comma separated, CRLF line ends, a field quoted only when it holds a comma,
 * a quote, CR or LF (quotes doubled). {@code null} is an empty, unquoted field; an empty string is
 * written as null too (FOCUS: never {@code ""} for "no value"). Decimals are plain
 * ({@link BigDecimal#toPlainString()}, never E notation); instants are UTC
 * {@code yyyy-MM-dd'T'HH:mm:ss'Z'} without fraction.
 */
public final class Csv {
    public static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private final Appendable out;
    private final StringBuilder line = new StringBuilder(1024);

    public Csv(Appendable out) {
        this.out = out;
    }

    /** Writes one row and its CRLF. */
    public void row(String... fields) {
        row(fields, null);
    }

    /**
     * Writes one row and its CRLF in one append: the fields are gathered in a reused buffer first.
     * Where {@code plain[i]} is true the field is known to need no quotes (a decimal, an instant)
     * and is not scanned for them.
     */
    public void row(String[] fields, boolean[] plain) {
        line.setLength(0);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String value = fields[i];
            if (value == null || value.isEmpty()) {
                continue;
            }
            if ((plain != null && plain[i]) || !needsQuotes(value)) {
                line.append(value);
            } else {
                quoted(value);
            }
        }
        line.append("\r\n");
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void quoted(String value) {
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private static boolean needsQuotes(String value) {
        // String.indexOf is vectorised by the JVM: four scans beat one loop over the characters
        return value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
    }

    /** A plain decimal, or null. */
    public static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** A plain decimal at exactly {@code scale} places (the 8-decimal amounts of the CSV exports), or null. */
    public static String decimal(BigDecimal value, int scale) {
        return value == null ? null : value.setScale(scale, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * A UTC instant to the second, or null. Events may carry milliseconds; the format has none, so
     * the fraction is dropped (an instant is written as the second it falls in).
     */
    public static String instant(Instant value) {
        return value == null ? null : UTC_SECONDS.format(value.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * The fields of one record written by RFC 4180 rules, without its line end: quoted fields
     * unquoted (doubled quotes halved), an empty unquoted field null.
     */
    public static String[] fields(String record) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        out.add(field.isEmpty() && !wasQuoted ? null : field.toString());
        return out.toArray(String[]::new);
    }

    /** One record as {@link #row} writes it, without its line end. */
    public static String record(String[] fields) {
        StringBuilder text = new StringBuilder();
        new Csv(text).row(fields);
        return text.substring(0, text.length() - 2);
    }
}
