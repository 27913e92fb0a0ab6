package io.tollgate.shared;

/** SQL text for the statements that take no parameters (COPY): literals written safely. */
public final class SqlText {
    private SqlText() {
    }

    /**
     * A SQL string literal of any text, safe whatever {@code standard_conforming_strings} says: the
     * escape-string form {@code E'...'} with quotes and backslashes doubled; null is {@code null}.
     */
    public static String literal(String value) {
        if (value == null) {
            return "null";
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
