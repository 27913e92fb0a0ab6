package io.tollgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.shared.Failure;
import org.junit.jupiter.api.Test;

/** The quote inputs as text: durations in hours or ISO-8601, hours per month. */
class CatalogServiceParsingTest {
    @Test
    void durationsAreDecimalHoursOrIsoDurations() {
        assertThat(CatalogService.parseHours("1.5")).isEqualTo("1.5000000000");
        assertThat(CatalogService.parseHours("PT90M")).isEqualTo("1.5000000000");
        // 30 days x 24 = 720 h
        assertThat(CatalogService.parseHours("P30D")).isEqualTo("720.0000000000");
        // 87,600 h = 10 years of 8,760 h: the longest quote
        assertThat(CatalogService.parseHours("87600")).isEqualTo("87600.0000000000");
        for (String bad : new String[] {"0", "PT0S", "-1", "PT-1H", "87600.0000000001", "P3651D", "PT0.5S", "abc",
                "1e3", "1.12345678901", "P1M"}) {
            assertThatThrownBy(() -> CatalogService.parseHours(bad)).as(bad).isInstanceOfSatisfying(Failure.class,
                    f -> assertThat(f.code()).isEqualTo("invalid-duration"));
        }
    }

    @Test
    void hoursPerMonthDefaultTo730AndStayWithinIt() {
        assertThat(CatalogService.parseHoursPerMonth(null)).isEqualByComparingTo("730");
        assertThat(CatalogService.parseHoursPerMonth("0")).isEqualByComparingTo("0");
        assertThat(CatalogService.parseHoursPerMonth("365.5")).isEqualByComparingTo("365.5");
        for (String bad : new String[] {"731", "-1", "x", "730.01"}) {
            assertThatThrownBy(() -> CatalogService.parseHoursPerMonth(bad)).as(bad)
                    .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.code()).isEqualTo("invalid-hours-per-month"));
        }
    }
}
