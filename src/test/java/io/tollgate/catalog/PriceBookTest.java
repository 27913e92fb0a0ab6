package io.tollgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.shared.BillingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceBookTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    static PriceVersion v(Unit unit, String price, Instant from, int version) {
        return new PriceVersion(version, "s", "r", unit.mode(), unit, new BigDecimal(price), "CNY", from, version, from);
    }

    @Test
    void monthlyAndYearlyPricesAreVersionedApartAndPayPerUseIsFoundWithoutItsUnit() {
        PriceBook book = new PriceBook(List.of(
                v(Unit.HOUR, "6.30", T0, 1),
                v(Unit.MONTH, "3402", T0, 1), v(Unit.MONTH, "3500", T0.plusSeconds(7200), 2),
                v(Unit.YEAR, "34020", T0.plusSeconds(3600), 1)));
        assertThat(book.inForce("s", "r", BillingMode.PAY_PER_USE, "CNY", T0).unitPrice()).isEqualByComparingTo("6.30");
        assertThat(book.versions("s", "r", BillingMode.PAY_PER_USE, "CNY")).hasSize(1);
        assertThat(book.inForce("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", Unit.MONTH, T0.plusSeconds(7199)).version())
                .isEqualTo(1);
        assertThat(book.inForce("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", Unit.MONTH, T0.plusSeconds(7200)).version())
                .isEqualTo(2);
        assertThat(book.inForce("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", Unit.YEAR, T0)).isNull();
        assertThat(book.inForce("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", Unit.YEAR, T0.plusSeconds(7200)).version())
                .isEqualTo(1);
        assertThat(book.versions("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", Unit.MONTH)).hasSize(2);
        // A prepaid price without its unit would be ambiguous (MONTH or YEAR?): a programmer error.
        assertThatThrownBy(() -> book.inForce("s", "r", BillingMode.YEARLY_MONTHLY, "CNY", T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
