package io.tollgate.bss.api;

import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The vendor's formats and codes (docs/bss-api.md §3.3, §4): UTC times as
 * {@code 2019-05-06T08:05:01Z}, days and months in UTC+8 (Tollgate's billing zone), the
 * numeric codes of bill types, charging modes, order types and statuses, offset paging.
 */
final class BssFormats {
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private BssFormats() {
    }

    static String utc(Instant at) {
        return at == null ? null : UTC.format(at);
    }

    static Instant parseUtc(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.from(UTC.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            throw Failure.invalid("invalid-" + field, field + " is a UTC time like 2026-11-01T00:00:00Z");
        }
    }

    static String day(Instant at, ZoneId zone) {
        return at == null ? null : at.atZone(zone).toLocalDate().toString();
    }

    static BigDecimal decimal(String s) {
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }

    static BigDecimal zeroIfNull(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    /**
     * A field the vendor's SDK reads as a Double: written as an exact JSON number rounded to cents
     * (the SDK's own parsing makes it a double; Tollgate never computes with binary floating point).
     */
    static BigDecimal money(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    /** Bill types: 1 new purchase, 2 renewal, 3 change, 4 refund on unsubscription, 5 usage, 8 auto-renewal, 16 adjustment. */
    static int billType(String recordType) {
        return switch (recordType == null ? "" : recordType) {
            case "PURCHASE", "PACKAGE_PURCHASE" -> 1;
            case "RENEWAL" -> 2;
            case "CHANGE" -> 3;
            case "REFUND" -> 4;
            case "AUTO_RENEWAL" -> 8;
            case "ADJUSTMENT" -> 16;
            default -> 5;
        };
    }

    /** Charging modes: 1 yearly/monthly, 3 pay-per-use. */
    static int chargingMode(String billingMode) {
        return "YEARLY_MONTHLY".equals(billingMode) ? 1 : 3;
    }

    static String billingMode(Integer chargingMode) {
        if (chargingMode == null) {
            return null;
        }
        return switch (chargingMode) {
            case 1 -> "YEARLY_MONTHLY";
            case 3 -> "PAY_PER_USE";
            default -> throw Failure.invalid("invalid-charging-mode", "charging_mode is 1 (yearly/monthly) or 3 "
                    + "(pay-per-use) here");
        };
    }

    /** Order types: 1 new, 2 renewal, 3 change, 4 unsubscription, 11 pay-per-use to yearly/monthly. */
    static int orderType(String type) {
        return switch (type) {
            case "RENEWAL" -> 2;
            case "CHANGE" -> 3;
            case "UNSUBSCRIPTION" -> 4;
            case "MODE_CHANGE" -> 11;
            default -> 1;
        };
    }

    /** Order statuses: 4 cancelled, 5 completed, 6 pending payment. */
    static int orderStatus(String status) {
        return switch (status) {
            case "CANCELLED" -> 4;
            case "PAID" -> 5;
            default -> 6;
        };
    }

    /** Offset paging: {@code limit} between 1 and {@code max}, default {@code fallback}. */
    static <T> List<T> page(List<T> all, Integer offset, Integer limit, int fallback, int max) {
        int o = offset == null ? 0 : offset;
        int l = limit == null ? fallback : limit;
        if (o < 0) {
            throw Failure.invalid("invalid-offset", "offset is 0 or more");
        }
        if (l < 1 || l > max) {
            throw Failure.invalid("invalid-limit", "limit is 1 to " + max);
        }
        return o >= all.size() ? List.of() : all.subList(o, Math.min(all.size(), o + l));
    }

    /** Every item of a cursor-paged listing, page by page: the vendor pages by offset over the whole set. */
    static <T> List<T> all(java.util.function.Function<String, io.tollgate.shared.Page<T>> page) {
        List<T> out = new java.util.ArrayList<>();
        String cursor = null;
        do {
            io.tollgate.shared.Page<T> p = page.apply(cursor);
            out.addAll(p.items());
            cursor = p.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** A resource an operation over several could not do, with the vendor's code and Tollgate's reason. */
    record FailResource(String resourceId, String errorCode, String errorMsg) {
        static FailResource of(String resourceId, Failure f) {
            return new FailResource(resourceId, BssErrors.code(f.status()), f.getMessage() + " [" + f.code() + "]");
        }
    }
}
