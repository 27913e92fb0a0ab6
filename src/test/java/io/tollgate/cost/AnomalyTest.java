package io.tollgate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.cost.core.Anomaly;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AnomalyTest {
    private static Anomaly.Severity severity(String actual, String upper) {
        return Anomaly.check(new BigDecimal(actual), new BigDecimal(upper)).orElseThrow().severity();
    }

    @Test
    void anExcessOfOneUnitOrLessIsNoAnomaly() {
        // 101.00 - 100.00 = 1.00: not more than 1 unit
        assertThat(Anomaly.check(new BigDecimal("101.00"), new BigDecimal("100.00"))).isEmpty();
        assertThat(Anomaly.check(new BigDecimal("50.00"), new BigDecimal("100.00"))).isEmpty();
        // 101.01 - 100.00 = 1.01 > 1: an anomaly, 1.01% of the bound: minor
        assertThat(severity("101.01", "100.00")).isEqualTo(Anomaly.Severity.MINOR);
    }

    @Test
    void severityFollowsTheExcessAsAShareOfTheUpperBound() {
        // 119.99 - 100 = 19.99 (19.99%): minor; 120 - 100 = 20 (20%): major; 150 (50%): major; 150.01: critical
        assertThat(severity("119.99", "100.00")).isEqualTo(Anomaly.Severity.MINOR);
        assertThat(severity("120.00", "100.00")).isEqualTo(Anomaly.Severity.MAJOR);
        assertThat(severity("149.99", "100.00")).isEqualTo(Anomaly.Severity.MAJOR); // 49.99 / 100.00 = 49.99%
        // 50% and more is critical
        assertThat(severity("150.00", "100.00")).isEqualTo(Anomaly.Severity.CRITICAL); // 50.00 / 100.00 = 50%
        // a band of 0 (a new resource, no history): any excess over 1 is critical
        assertThat(severity("5.00", "0.00")).isEqualTo(Anomaly.Severity.CRITICAL);
        Anomaly.Finding f = Anomaly.check(new BigDecimal("130.00"), new BigDecimal("100.00")).orElseThrow();
        assertThat(f.excess()).isEqualByComparingTo("30.00");
        assertThat(f.share()).isEqualByComparingTo("0.30");
    }

    @Test
    void monthToDateGrowthBeyondTheThresholdAndOneUnitIsAnAnomaly() {
        // 100.00 last month: 20% allows 120.00; 120.00 is no anomaly, 125.00 exceeds by 5.00 = 4.17% (minor)
        assertThat(Anomaly.growth(new BigDecimal("120.00"), new BigDecimal("100.00"), new BigDecimal("20"))).isEmpty();
        var minor = Anomaly.growth(new BigDecimal("125.00"), new BigDecimal("100.00"), new BigDecimal("20"));
        assertThat(minor).get().extracting(Anomaly.Finding::severity).isEqualTo(Anomaly.Severity.MINOR);
        assertThat(minor.get().excess()).isEqualByComparingTo("5.00");
        // 180.00 exceeds 120.00 by 60.00 = 50% of it: critical
        assertThat(Anomaly.growth(new BigDecimal("180.00"), new BigDecimal("100.00"), new BigDecimal("20")))
                .get().extracting(Anomaly.Finding::severity).isEqualTo(Anomaly.Severity.CRITICAL);
        // 1.00 against 0.50 grew 100% but only by 0.50: not more than one unit
        assertThat(Anomaly.growth(new BigDecimal("1.00"), new BigDecimal("0.50"), new BigDecimal("20"))).isEmpty();
        // nothing last month: any growth of more than one unit is critical
        assertThat(Anomaly.growth(new BigDecimal("30.00"), BigDecimal.ZERO, new BigDecimal("20")))
                .get().extracting(Anomaly.Finding::severity).isEqualTo(Anomaly.Severity.CRITICAL);
    }
}
