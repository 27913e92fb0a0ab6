package io.tollgate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostCategoryTest {
    private static List<BigDecimal> parts(String amount, String... weights) {
        return CostCategory.distribute(new BigDecimal(amount), java.util.Arrays.stream(weights).map(BigDecimal::new)
                .toList());
    }

    @Test
    void partsAddUpExactlyWithTheCentsLeftToTheLargestRemainders() {
        // 100 cents in thirds: 33 each and one cent left, to the first of the equal remainders
        assertThat(parts("1.00", "1", "1", "1")).containsExactly(new BigDecimal("0.34"), new BigDecimal("0.33"),
                new BigDecimal("0.33"));
        // 1000 cents by 1:2: 333.33 and 666.66, the cent to the larger remainder (666.67)
        assertThat(parts("10.00", "1", "2")).containsExactly(new BigDecimal("3.33"), new BigDecimal("6.67"));
        // a credit splits the same way, negative
        assertThat(parts("-1.00", "1", "1", "1")).containsExactly(new BigDecimal("-0.34"), new BigDecimal("-0.33"),
                new BigDecimal("-0.33"));
        // all weights zero: even
        assertThat(parts("0.10", "0", "0")).containsExactly(new BigDecimal("0.05"), new BigDecimal("0.05"));
        // percents 30 / 70 of 365.00
        assertThat(parts("365.00", "30", "70")).containsExactly(new BigDecimal("109.50"), new BigDecimal("255.50"));
    }

    @Test
    void aMonthIsAllocatedByTheVersionInForceAtItsEndSoAChangeReallocatesTheOpenMonthOnly() {
        java.time.ZoneId zone = java.time.ZoneOffset.ofHours(8);
        CostCategory v1 = version("2026-11-20T04:00:00Z");
        CostCategory v2 = version("2026-12-05T04:00:00Z");
        List<CostCategory> versions = List.of(v1, v2);
        // November ended (Dec 1 00:00 +08:00) before v2 was saved: v1 stays its allocation
        assertThat(CategoryService.inForce(versions, java.time.LocalDate.parse("2026-11-30"), zone)).isSameAs(v1);
        // December is open: the change applies
        assertThat(CategoryService.inForce(versions, java.time.LocalDate.parse("2026-12-01"), zone)).isSameAs(v2);
        // a month that ended before the first version: the first version
        assertThat(CategoryService.inForce(versions, java.time.LocalDate.parse("2026-10-15"), zone)).isSameAs(v1);
    }

    private static CostCategory version(String savedAt) {
        return new CostCategory(0, "c", "teams", List.of(), "unallocated", List.of(), java.time.Instant.parse(savedAt));
    }
}
