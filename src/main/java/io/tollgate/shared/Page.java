package io.tollgate.shared;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** One page of a listing and the opaque cursor of the next page (null on the last page). */
public record Page<T>(List<T> items, String nextCursor) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static int size(Integer limit) {
        if (limit == null) {
            return DEFAULT_SIZE;
        }
        if (limit < 1 || limit > MAX_SIZE) {
            throw Failure.invalid("invalid-page-size", "limit must be between 1 and " + MAX_SIZE);
        }
        return limit;
    }

    /** Builds a page from up to {@code size + 1} rows: the extra row only says that more follow. */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> key) {
        if (rows.size() <= size) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, size);
        return new Page<>(List.copyOf(items), encode(key.apply(items.get(size - 1))));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
    }

    public static long decodeLong(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return 0;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
    }
}
