package io.tollgate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.cost.core.Rightsizing;
import io.tollgate.cost.core.Rightsizing.Share;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle and rightsizing rules on figures worked by hand (docs/cost.md). */
class RightsizingTest {
    private static final Share FULL = share("full", 1, 1, "8.00");
    private static final Share HALF = share("half", 1, 2, "4.40");
    private static final Share QUARTER = share("quarter", 1, 4, "2.30");
    private static final Share EIGHTH = share("eighth", 1, 8, "1.10");
    private static final List<Share> CATALOG = List.of(FULL, HALF, QUARTER, EIGHTH);

    @Test
    void idleAtFivePercentOrLessOfTheGpuOrOfMemoryWithoutOne() {
        assertThat(Rightsizing.idle(1440, pct("5.00"), pct("90"))).isTrue();
        assertThat(Rightsizing.idle(1440, pct("5.01"), pct("0"))).isFalse();
        assertThat(Rightsizing.idle(1440, null, pct("4"))).isTrue();
        assertThat(Rightsizing.idle(1439, pct("0"), pct("0"))).isFalse(); // under a day of samples
    }

    @Test
    void theCheapestSmallerShareThatRunsAtMostEightyPercentBusy() {
        // 1 x 30 = 30% of a card: 1/2 runs it 60% busy (40 >= 30), 1/4 would need 20 >= 30
        assertThat(Rightsizing.smaller(FULL, 1440, pct("30"), pct("10"), CATALOG)).contains(HALF);
        // memory counts too: GPU 10 but memory 30
        assertThat(Rightsizing.smaller(FULL, 1440, pct("10"), pct("30"), CATALOG)).contains(HALF);
        // 20% fits exactly on 1/4 (1/4 x 80 = 20)
        assertThat(Rightsizing.smaller(FULL, 1440, pct("20"), pct("20"), CATALOG)).contains(QUARTER);
        assertThat(Rightsizing.smaller(FULL, 1440, pct("20.01"), pct("20"), CATALOG)).contains(HALF);
        // 1/2 at 20% = 10% of a card: 1/8 x 80 = 10 fits
        assertThat(Rightsizing.smaller(HALF, 1440, pct("20"), pct("5"), CATALOG)).contains(EIGHTH);
    }

    @Test
    void noAdviceAtFiftyPercentOrWhenIdleOrWithoutSamplesOrWithoutACheaperShare() {
        assertThat(Rightsizing.smaller(FULL, 1440, pct("50"), pct("10"), CATALOG)).isEmpty();
        assertThat(Rightsizing.smaller(FULL, 1440, pct("10"), pct("50"), CATALOG)).isEmpty();
        assertThat(Rightsizing.smaller(FULL, 1440, pct("4"), pct("10"), CATALOG)).isEmpty(); // idle instead
        assertThat(Rightsizing.smaller(FULL, 1439, pct("30"), pct("10"), CATALOG)).isEmpty();
        assertThat(Rightsizing.smaller(FULL, 1440, null, pct("10"), CATALOG)).isEmpty();
        Share dearHalf = share("dear-half", 1, 2, "8.00");
        assertThat(Rightsizing.smaller(FULL, 1440, pct("30"), pct("10"), List.of(dearHalf))).isEmpty();
        assertThat(Rightsizing.smaller(EIGHTH, 1440, pct("10"), pct("10"), CATALOG)).isEmpty(); // none smaller
    }

    @Test
    void ofTwoAsCheapTheLargerShare() {
        Share cheapHalf = share("cheap-half", 1, 2, "2.30");
        assertThat(Rightsizing.smaller(FULL, 1440, pct("10"), pct("10"), List.of(QUARTER, cheapHalf)))
                .contains(cheapHalf);
        assertThat(Rightsizing.smaller(FULL, 1440, pct("10"), pct("10"), List.of(cheapHalf, QUARTER)))
                .contains(cheapHalf);
    }

    private static Share share(String code, int n, int d, String price) {
        return new Share(code, n, d, new BigDecimal(price));
    }

    private static BigDecimal pct(String v) {
        return new BigDecimal(v);
    }
}
