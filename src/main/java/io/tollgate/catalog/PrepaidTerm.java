package io.tollgate.catalog;

import io.tollgate.shared.Failure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of a yearly/monthly term: 1 to 11 months, or 1 to 3 years (billing-rules.md
 * section 4). Written as an ISO-8601 period on the wire: {@code P3M}, {@code P1Y}; twelve months
 * are a year, {@code P1Y}, which may carry a yearly price with its term discount.
 */
public record PrepaidTerm(TermUnit unit, int count) {
    private static final Pattern ISO = Pattern.compile("P(\\d{1,3})([MY])");

    public enum TermUnit { MONTH, YEAR }

    public PrepaidTerm {
        if (unit == null || count < 1 || count > maxCount(unit)) {
            throw new IllegalArgumentException("a term is 1-11 months or 1-3 years, not " + count + " " + unit);
        }
    }

    /** Reads {@code P1M}..{@code P11M} or {@code P1Y}..{@code P3Y}; anything else is refused as {@code invalid-term}. */
    public static PrepaidTerm parse(String text) {
        if (text == null || text.isBlank()) {
            throw Failure.invalid("missing-field", "term is required, e.g. P3M (3 months) or P1Y (1 year)");
        }
        Matcher m = ISO.matcher(text.trim().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw Failure.invalid("invalid-term", "term must be P1M to P11M or P1Y to P3Y, not " + text);
        }
        TermUnit unit = m.group(2).equals("M") ? TermUnit.MONTH : TermUnit.YEAR;
        int count = Integer.parseInt(m.group(1));
        if (count < 1 || count > maxCount(unit)) {
            throw Failure.invalid("invalid-term", "a term is 1 to 11 months or 1 to 3 years, not " + text
                    + (unit == TermUnit.MONTH && count % 12 == 0 && count > 0 ? " (write whole years as P1Y..P3Y)" : ""));
        }
        return new PrepaidTerm(unit, count);
    }

    public int months() {
        return unit == TermUnit.MONTH ? count : count * 12;
    }

    /** The wire form: {@code P3M} or {@code P1Y}. */
    public String iso() {
        return "P" + count + (unit == TermUnit.MONTH ? "M" : "Y");
    }

    private static int maxCount(TermUnit unit) {
        return unit == TermUnit.MONTH ? 11 : 3;
    }
}
