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

    /** A restart restores the offset: the clock kept running ahead of real time while Tollgate was down. */
    @Test
    void aDemoClockRestoredFromItsOffsetStaysAheadOfRealTime() {
        MovableRealTime real = new MovableRealTime(Instant.parse("2026-06-01T00:00:00Z"));
        BillingClock before = BillingClock.demo(ZoneId.of("+08:00"), real);
        before.advanceBy(Duration.ofDays(3));
        assertThat(before.offset()).isEqualTo(Duration.ofDays(3));
        real.now = real.now.plus(Duration.ofHours(5));
        Instant lastSeen = before.instant();

        BillingClock restarted = BillingClock.demo(ZoneId.of("+08:00"), real);
        restarted.raiseOffsetTo(before.offset());
        // 00:00 + 5 h of real time + 3 days of offset.
        assertThat(restarted.instant()).isEqualTo(Instant.parse("2026-06-04T05:00:00Z")).isAfterOrEqualTo(lastSeen);
        restarted.raiseOffsetTo(Duration.ofDays(1));
        assertThat(restarted.offset()).as("an offset never goes down").isEqualTo(Duration.ofDays(3));
    }

    private static final class MovableRealTime extends java.time.Clock {
        Instant now;

        MovableRealTime(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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
