package io.tollgate.metering.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.metering.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resource packages: periods counted from the start, and the earliest-expiring package drawn first. */
class PackagesTest {
    private static final ZoneId ZONE = ZoneId.of("+08:00");

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    private static ResourcePackage pkg(ResourcePackage.Period period, String from, String to) {
        return new ResourcePackage("p", "c", "m", "n", BigDecimal.TEN, period, local(from), local(to), local(from));
    }

    private static Packages.Available available(String id, String expires, String left) {
        return new Packages.Available(id, local(expires), local("2030-01-01T00:00"), new BigDecimal(left));
    }

    @Test
    void aMonthlyQuotaRenewsEveryMonthFromTheStartInTheBillingZone() {
        ResourcePackage p = pkg(ResourcePackage.Period.MONTHLY, "2030-01-15T10:00", "2031-01-15T10:00");
        assertThat(Packages.periodStart(p, local("2030-01-15T10:00"), ZONE)).isEqualTo(local("2030-01-15T10:00"));
        assertThat(Packages.periodStart(p, local("2030-02-15T09:59:59"), ZONE)).isEqualTo(local("2030-01-15T10:00"));
        assertThat(Packages.periodStart(p, local("2030-02-15T10:00"), ZONE)).isEqualTo(local("2030-02-15T10:00"));
        assertThat(Packages.periodStart(p, local("2030-12-31T23:00"), ZONE)).isEqualTo(local("2030-12-15T10:00"));
        assertThat(Packages.periodEnd(p, local("2030-02-15T10:00"), ZONE)).isEqualTo(local("2030-03-15T10:00"));
        // the last period ends at the expiry
        assertThat(Packages.periodEnd(p, local("2030-12-15T10:00"), ZONE)).isEqualTo(local("2031-01-15T10:00"));
    }

    @Test
    void aPackageStartingOnThe31stRenewsOnTheLastDayOfShorterMonthsWithoutDrifting() {
        ResourcePackage p = pkg(ResourcePackage.Period.MONTHLY, "2030-01-31T00:00", "2030-06-01T00:00");
        // January 31 + 1 month = February 28; + 2 months = March 31 (counted from the start, not from Feb 28)
        assertThat(Packages.periodStart(p, local("2030-02-28T00:00"), ZONE)).isEqualTo(local("2030-02-28T00:00"));
        assertThat(Packages.periodStart(p, local("2030-03-30T23:59"), ZONE)).isEqualTo(local("2030-02-28T00:00"));
        assertThat(Packages.periodStart(p, local("2030-03-31T00:00"), ZONE)).isEqualTo(local("2030-03-31T00:00"));
        assertThat(Packages.periodEnd(p, local("2030-02-28T00:00"), ZONE)).isEqualTo(local("2030-03-31T00:00"));
        assertThat(Packages.periodEnd(p, local("2030-04-30T00:00"), ZONE)).isEqualTo(local("2030-05-31T00:00"));
    }

    @Test
    void aTotalQuotaHasOnePeriodFromStartToExpiry() {
        ResourcePackage p = pkg(ResourcePackage.Period.TOTAL, "2030-01-15T10:00", "2030-07-15T10:00");
        assertThat(Packages.periodStart(p, local("2030-05-01T00:00"), ZONE)).isEqualTo(local("2030-01-15T10:00"));
        assertThat(Packages.periodEnd(p, local("2030-01-15T10:00"), ZONE)).isEqualTo(local("2030-07-15T10:00"));
        assertThat(Packages.valid(p, local("2030-01-15T09:59:59"))).isFalse();
        assertThat(Packages.valid(p, local("2030-01-15T10:00"))).isTrue();
        assertThat(Packages.valid(p, local("2030-07-15T10:00"))).isFalse();
    }

    @Test
    void thePackageExpiringFirstIsDrawnFirstAndTheRestIsLeftToPayPerUse() {
        List<Packages.Available> held = List.of(
                available("late", "2030-12-31T00:00", "100"),
                available("early", "2030-06-30T00:00", "30"),
                available("empty", "2030-03-31T00:00", "0"));
        // 50 wanted: 30 from the one expiring in June (all it holds), 20 from the December one
        assertThat(Packages.draw(held, new BigDecimal("50"))).containsExactly(
                new Packages.Taken("early", new BigDecimal("30")), new Packages.Taken("late", new BigDecimal("20")));
        // 150 wanted: 30 + 100 from packages, 20 left to pay-per-use
        List<Packages.Taken> all = Packages.draw(held, new BigDecimal("150"));
        assertThat(all.stream().map(Packages.Taken::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("130");
        // equal expiry: the one starting first, then by id
        List<Packages.Available> tie = List.of(
                new Packages.Available("b", local("2030-06-30T00:00"), local("2030-01-01T00:00"), BigDecimal.ONE),
                new Packages.Available("a", local("2030-06-30T00:00"), local("2030-02-01T00:00"), BigDecimal.ONE));
        assertThat(Packages.draw(tie, BigDecimal.ONE)).containsExactly(new Packages.Taken("b", BigDecimal.ONE));
        assertThat(Packages.draw(held, BigDecimal.ZERO)).isEmpty();
    }

    @Test
    void aBoughtPackageIsValidForItsMonthsAtTheSameWallClockTimeInTheBillingZone() {
        // bought 2030-01-05 10:00 +08:00 for 1 month: until 2030-02-05 10:00 +08:00 (exclusive)
        assertThat(Packages.validUntil(local("2030-01-05T10:00"), 1, ZONE)).isEqualTo(local("2030-02-05T10:00"));
        // from midnight of the 1st (2030-01-01 00:00 +08:00 = 2029-12-31 16:00 UTC) for 12 months:
        // until 2031-01-01 00:00 +08:00, twelve monthly periods each starting on the 1st in the billing zone
        assertThat(Packages.validUntil(local("2030-01-01T00:00"), 12, ZONE)).isEqualTo(local("2031-01-01T00:00"));
        assertThat(Packages.validUntil(local("2030-01-01T00:00"), 12, ZONE))
                .isEqualTo(Instant.parse("2030-12-31T16:00:00Z"));
        // 31 January + 1 month: 28 February (2030 is no leap year), same time of day
        assertThat(Packages.validUntil(local("2030-01-31T09:30"), 1, ZONE)).isEqualTo(local("2030-02-28T09:30"));
        // 36 months from 2030-03-08 15:50:04: 2033-03-08 15:50:04
        assertThat(Packages.validUntil(local("2030-03-08T15:50:04"), 36, ZONE)).isEqualTo(local("2033-03-08T15:50:04"));
    }

    @Test
    void aMonthlyPackageFromTheFirstRenewsOnTheFirstInTheBillingZone() {
        ResourcePackage p = pkg(ResourcePackage.Period.MONTHLY, "2030-01-01T00:00", "2030-04-01T00:00");
        // 2030-01-31 23:59 is still January's period; 2030-02-01 00:00 +08:00 starts February's
        assertThat(Packages.periodStart(p, local("2030-01-31T23:59"), ZONE)).isEqualTo(local("2030-01-01T00:00"));
        assertThat(Packages.periodStart(p, local("2030-02-01T00:00"), ZONE)).isEqualTo(local("2030-02-01T00:00"));
        assertThat(Packages.periodEnd(p, local("2030-02-01T00:00"), ZONE)).isEqualTo(local("2030-03-01T00:00"));
    }

    @Test
    void theStatusIsNotYetValidActiveUsedUpOrExpired() {
        ResourcePackage p = pkg(ResourcePackage.Period.MONTHLY, "2030-01-01T00:00", "2030-03-01T00:00");
        assertThat(Packages.status(p, local("2029-12-31T23:59:59"), BigDecimal.TEN))
                .isEqualTo(Packages.Status.NOT_YET_VALID);
        assertThat(Packages.status(p, local("2030-01-01T00:00"), BigDecimal.TEN)).isEqualTo(Packages.Status.ACTIVE);
        // 10 - 10 = 0 left this month: used up, though still valid
        assertThat(Packages.status(p, local("2030-01-20T00:00"), BigDecimal.ZERO)).isEqualTo(Packages.Status.USED_UP);
        // a little left: active
        assertThat(Packages.status(p, local("2030-01-20T00:00"), new BigDecimal("0.0000000001")))
                .isEqualTo(Packages.Status.ACTIVE);
        // the expiry itself is outside [start, expiry): expired, whatever is left
        assertThat(Packages.status(p, local("2030-03-01T00:00"), BigDecimal.TEN)).isEqualTo(Packages.Status.EXPIRED);
    }
}
