package io.tollgate.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How pages show money and time, used from templates as {@code @fmt}: every amount with its
 * currency and grouped digits, never rounded beyond what the bill holds; every time in the
 * billing zone with the zone written out.
 */
@Component("fmt")
public class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final Clock clock;

    public ConsoleFormat(Clock clock) {
        this.clock = clock;
    }

    /** {@code 1234.5, "CNY"} as {@code 1,234.50 CNY}: at least two decimals, more when the amount has them. */
    public String money(Object amount, String currency) {
        if (amount == null || amount.toString().isBlank()) {
            return "–";
        }
        BigDecimal v = amount instanceof BigDecimal b ? b : new BigDecimal(amount.toString());
        int scale = Math.max(2, v.stripTrailingZeros().scale());
        DecimalFormat f = new DecimalFormat("#,##0." + "0".repeat(scale), DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.UNNECESSARY);
        return f.format(v) + " " + currency;
    }

    /** A quantity as people write it: {@code 1000.0000000000} as {@code 1000}, {@code 0E-10} as {@code 0}. */
    public String number(Object value) {
        if (value == null || value.toString().isBlank()) {
            return "–";
        }
        BigDecimal v = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    public boolean negative(Object amount) {
        return amount != null && !amount.toString().isBlank() && new BigDecimal(amount.toString()).signum() < 0;
    }

    public boolean positive(Object amount) {
        return amount != null && !amount.toString().isBlank() && new BigDecimal(amount.toString()).signum() > 0;
    }

    /** An instant (or its ISO text) in the billing zone: {@code 2026-12-03 14:00 (UTC+08:00)}. */
    public String time(Object at) {
        if (at == null) {
            return "–";
        }
        Instant i = at instanceof Instant x ? x : at instanceof OffsetDateTime o ? o.toInstant()
                : OffsetDateTime.parse(at.toString()).toInstant();
        return TIME.format(i.atZone(clock.getZone())) + " (" + zone() + ")";
    }

    public String day(LocalDate day) {
        return day == null ? "–" : day.toString();
    }

    /** The billing zone as people read it: {@code UTC+08:00}. */
    public String zone() {
        String id = clock.getZone().getId();
        return id.startsWith("+") || id.startsWith("-") ? "UTC" + id : id;
    }

    /** The share {@code part / whole} in percent, for progress bars (0 when the whole is zero). */
    public int percent(Object part, Object whole) {
        if (part == null || whole == null) {
            return 0;
        }
        BigDecimal w = new BigDecimal(whole.toString());
        if (w.signum() == 0) {
            return 0;
        }
        return new BigDecimal(part.toString()).multiply(BigDecimal.valueOf(100)).divide(w, 0, RoundingMode.DOWN)
                .max(BigDecimal.ZERO).intValue();
    }
}
