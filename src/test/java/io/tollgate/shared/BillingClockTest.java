package io.tollgate.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BillingClockTest {
    @Test
    void anAdjustableClockMovesOnlyForward() {
        BillingClock clock = BillingClock.adjustable(ZoneId.of("+08:00"), Instant.parse("2030-01-01T00:00:00Z"));
        clock.advanceBy(Duration.ofHours(2));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T02:00:00Z"));
        assertThatThrownBy(() -> clock.advanceTo(Instant.parse("2030-01-01T01:00:00Z")))
                .isInstanceOf(Failure.class).extracting(e -> ((Failure) e).code()).isEqualTo("clock-backwards");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T02:00:00Z"));
    }

    @Test
    void theDemoClockFollowsRealTimePlusWhatWasAdvanced() throws InterruptedException {
        BillingClock clock = BillingClock.demo(ZoneId.of("+08:00"));
        Instant before = Instant.now();
        assertThat(clock.instant()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        clock.advanceBy(Duration.ofDays(2));
        Instant advanced = clock.instant();
        assertThat(Duration.between(Instant.now(), advanced)).isBetween(Duration.ofDays(2).minusSeconds(2),
                Duration.ofDays(2).plusSeconds(2));
        Thread.sleep(20);
        assertThat(clock.instant()).isAfter(advanced);
        assertThatThrownBy(() -> clock.advanceTo(Instant.now())).isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).code()).isEqualTo("clock-backwards");
    }

    @Test
    void theSystemClockCannotBeAdvanced() {
        BillingClock clock = BillingClock.system(ZoneId.of("+08:00"));
        assertThatThrownBy(() -> clock.advanceBy(Duration.ofHours(1))).isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).code()).isEqualTo("clock-not-adjustable");
    }

    @Test
    void amountsMustBePlainDecimalsWithinScale() {
        assertThat(Amounts.parse("a", "12.5", 2, new java.math.BigDecimal("100"))).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThatThrownBy(() -> Amounts.parse("a", "1e2", 2, new java.math.BigDecimal("1000"))).isInstanceOf(Failure.class);
        assertThatThrownBy(() -> Amounts.parse("a", "1.234", 2, new java.math.BigDecimal("1000"))).isInstanceOf(Failure.class);
        assertThatThrownBy(() -> Amounts.parse("a", "100", 2, new java.math.BigDecimal("100"))).isInstanceOf(Failure.class);
    }
}
