package io.tollgate.shared;

import java.util.Map;

/**
 * The limits on free text that clients send: names, tags and attributes. Control characters
 * (NUL, line breaks, the C0 and C1 ranges) are never accepted: PostgreSQL refuses NUL in text and
 * JSON columns, and the others only break the CSV exports and logs that show them.
 */
public final class Text {
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_ENTRIES = 20;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 256;

    private Text() {
    }

    /** True when the text holds no control character. */
    public static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Refuses a text with control characters ({@code invalid-characters}); null passes. */
    public static String requireClean(String field, String text) {
        if (text != null && !clean(text)) {
            throw Failure.invalid("invalid-characters", field + " contains control characters");
        }
        return text;
    }

    /** A name: optional, clean and at most {@value #MAX_NAME_LENGTH} characters. */
    public static String name(String field, String name) {
        requireClean(field, name);
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw Failure.invalid("name-too-long", field + " has at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    /**
     * Tags or attributes: at most {@value #MAX_ENTRIES} entries, keys of 1 to {@value #MAX_KEY_LENGTH}
     * characters, values of at most {@value #MAX_VALUE_LENGTH}, no control characters, no nulls.
     */
    public static void requireEntries(String field, Map<String, String> entries) {
        if (entries == null) {
            return;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw Failure.invalid("too-many-" + field, "at most " + MAX_ENTRIES + " " + field);
        }
        entries.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > MAX_KEY_LENGTH || v == null || v.length() > MAX_VALUE_LENGTH) {
                throw Failure.invalid("invalid-" + field.substring(0, field.length() - 1), field + " have keys of 1-"
                        + MAX_KEY_LENGTH + " characters and values of at most " + MAX_VALUE_LENGTH);
            }
            requireClean(field, k);
            requireClean(field, v);
        });
    }

    /** A day of a query parameter ({@code 2026-11-01}); anything else is refused as invalid-date. */
    public static java.time.LocalDate day(String text, String name) {
        try {
            return java.time.LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            throw Failure.invalid("invalid-date", name + " must look like 2026-11-01");
        }
    }

    /** The constant of {@code type} named {@code text}; anything else is refused as invalid-{name}. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String text, String name) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Failure.invalid("invalid-" + name, name + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
