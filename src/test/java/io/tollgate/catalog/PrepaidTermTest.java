package io.tollgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.shared.Failure;
import org.junit.jupiter.api.Test;

class PrepaidTermTest {
    @Test
    void termsAreOneToElevenMonthsOrOneToThreeYears() {
        assertThat(PrepaidTerm.parse("P1M")).isEqualTo(new PrepaidTerm(PrepaidTerm.TermUnit.MONTH, 1));
        assertThat(PrepaidTerm.parse("P11M").months()).isEqualTo(11);
        assertThat(PrepaidTerm.parse("p1y").iso()).isEqualTo("P1Y");
        assertThat(PrepaidTerm.parse("P3Y").months()).isEqualTo(36);
        for (String bad : new String[] {"P0M", "P12M", "P13M", "P0Y", "P4Y", "3M", "P1Y6M", "P1D", "P-1M", "1"}) {
            assertThatThrownBy(() -> PrepaidTerm.parse(bad)).as(bad).isInstanceOfSatisfying(Failure.class,
                    f -> assertThat(f.code()).isEqualTo("invalid-term"));
        }
        assertThatThrownBy(() -> PrepaidTerm.parse(" ")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.code()).isEqualTo("missing-field"));
        assertThatThrownBy(() -> new PrepaidTerm(PrepaidTerm.TermUnit.YEAR, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
