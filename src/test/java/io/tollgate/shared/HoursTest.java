package io.tollgate.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HoursTest {
    @Test
    void hoursAreCutAtTheBillingZonesOwnClockHours() {
        // 10:17 in +05:30 lies in the local hour 10:00-11:00, which is 04:30-05:30 UTC
        Instant t = OffsetDateTime.parse("2026-03-08T10:17:00+05:30").toInstant();
        assertThat(Hours.floor(t, ZoneId.of("+05:30"))).isEqualTo(Instant.parse("2026-03-08T04:30:00Z"));
        // +05:45: 10:17 local -> 10:00 local = 04:15 UTC; +08:00 and UTC are whole hours
        assertThat(Hours.floor(t, ZoneId.of("+05:45"))).isEqualTo(Instant.parse("2026-03-08T04:15:00Z"));
        assertThat(Hours.floor(t, ZoneId.of("+08:00"))).isEqualTo(Instant.parse("2026-03-08T04:00:00Z"));
        // a whole hour maps to itself; a negative offset with a half hour (-03:30)
        Instant whole = Instant.parse("2026-03-08T04:30:00Z");
        assertThat(Hours.floor(whole, ZoneId.of("+05:30"))).isEqualTo(whole);
        assertThat(Hours.floor(Instant.parse("2026-03-08T04:29:59Z"), ZoneId.of("-03:30")))
                .isEqualTo(Instant.parse("2026-03-08T03:30:00Z"));
    }
}
