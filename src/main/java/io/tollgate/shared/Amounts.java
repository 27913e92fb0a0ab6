package io.tollgate.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The named places where Tollgate rounds (billing-rules.md section 3). Every rounding takes its
 * mode as an argument so that a reader sees at the call site how a figure was produced.
 */
public final class Amounts {
    /** Unit prices carry 10 decimals. */
    public static final int UNIT_PRICE_SCALE = 10;
    /** Usage in the pricing unit (seconds / 3600) is truncated to 10 decimals. */
    public static final int USAGE_SCALE = 10;
    /** A fee record's amount carries 8 decimals. */
    public static final int FEE_SCALE = 8;
    /** What moves between accounts is at the currency's cents. */
    public static final int CENT_SCALE = 2;

    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("-?\\d{1,20}(\\.\\d{1,20})?");

    private Amounts() {
    }

    public static BigDecimal toFeeScale(BigDecimal value, RoundingMode mode) {
        return value.setScale(FEE_SCALE, mode);
    }

    public static BigDecimal toCents(BigDecimal value, RoundingMode mode) {
        return value.setScale(CENT_SCALE, mode);
    }

    public static BigDecimal toUsageScale(BigDecimal value, RoundingMode mode) {
        return value.setScale(USAGE_SCALE, mode);
    }

    /**
     * Parses an amount that arrived as a string, refusing anything that is not a plain decimal
     * with at most {@code maxScale} decimals and a magnitude below {@code maxAbs}.
     */
    public static BigDecimal parse(String field, String text, int maxScale, BigDecimal maxAbs) {
        if (text == null || text.isBlank()) {
            throw Failure.invalid("missing-field", field + " is required");
        }
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw Failure.invalid("invalid-amount", field + " is not a plain decimal number such as 12.50: " + text);
        }
        BigDecimal value = new BigDecimal(text);
        if (value.stripTrailingZeros().scale() > maxScale) {
            throw Failure.invalid("invalid-amount", field + " has more than " + maxScale + " decimals");
        }
        if (value.abs().compareTo(maxAbs) >= 0) {
            throw Failure.invalid("amount-out-of-range", field + " must be below " + maxAbs.toPlainString());
        }
        return value.setScale(Math.max(maxScale, 0), RoundingMode.UNNECESSARY);
    }

    /** The wire form of an amount: a plain string, never exponent notation. */
    public static String format(BigDecimal value) {
        return value.toPlainString();
    }
}
