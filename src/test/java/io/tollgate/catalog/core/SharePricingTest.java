package io.tollgate.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.shared.BillingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fractional GPUs priced by their share of another spec: known answers. */
class SharePricingTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Spec gpu(String code, int numerator, int denominator, String shareOf) {
        return new Spec(code, "ml", SpecKind.COMPUTE, code, 4, 16, "A100", numerator, denominator, null, null, shareOf);
    }

    private static PriceVersion price(long id, String spec, Unit unit, String unitPrice, Instant from, int version) {
        return new PriceVersion(id, spec, "r1", unit.mode(), unit, new BigDecimal(unitPrice), "CNY", from, version, from);
    }

    @Test
    void aQuarterOfACardCostsAQuarterOfTheCard() {
        Spec card = gpu("card", 1, 1, null);
        // 29.40 x 1/4 = 7.35
        assertThat(SharePricing.unitPrice(new BigDecimal("29.40"), gpu("q", 1, 4, "card"), card))
                .isEqualByComparingTo("7.35").hasScaleOf(10);
        // 29.40 x 1/2 = 14.70
        assertThat(SharePricing.unitPrice(new BigDecimal("29.40"), gpu("h", 1, 2, "card"), card))
                .isEqualByComparingTo("14.70");
    }

    @Test
    void aSeventhIsRoundedHalfUpOnceToTenDecimals() {
        // 10.00 x 1/7 = 1.428571428571... -> 1.4285714286
        assertThat(SharePricing.unitPrice(new BigDecimal("10.00"), gpu("s", 1, 7, "card"), gpu("card", 1, 1, null)))
                .isEqualTo(new BigDecimal("1.4285714286"));
        // 2.00 x 1/7 = 0.285714285714... -> 0.2857142857 (the 11th decimal is 1: down)
        assertThat(SharePricing.unitPrice(new BigDecimal("2.00"), gpu("s", 1, 7, "card"), gpu("card", 1, 1, null)))
                .isEqualTo(new BigDecimal("0.2857142857"));
    }

    @Test
    void theShareIsCardsOverCards() {
        // half a card against an eight-card flavor: (1/2) / (8/1) = 1/16; 192.00 / 16 = 12.00
        assertThat(SharePricing.unitPrice(new BigDecimal("192.00"), gpu("h", 1, 2, "x8"), gpu("x8", 8, 1, null)))
                .isEqualByComparingTo("12.00");
    }

    @Test
    void everyVersionAndUnitOfTheCardGivesADerivedVersionAtTheSameInstant() {
        Spec card = gpu("card", 1, 1, null);
        Spec quarter = gpu("q", 1, 4, "card");
        Instant later = T0.plusSeconds(7200);
        List<PriceVersion> versions = new ArrayList<>(List.of(
                price(1, "card", Unit.HOUR, "29.40", T0, 1),
                price(2, "card", Unit.HOUR, "30.00", later, 2),
                price(3, "card", Unit.MONTH, "15876", T0, 1),
                price(4, "other", Unit.HOUR, "1.00", T0, 1)));
        List<PriceVersion> derived = SharePricing.derive(quarter, card, versions);
        assertThat(derived).extracting(PriceVersion::specCode).containsOnly("q");
        assertThat(derived).extracting(PriceVersion::id).containsExactly(1L, 2L, 3L);
        versions.addAll(derived);
        PriceBook book = new PriceBook(versions);
        assertThat(book.inForce("q", "r1", BillingMode.PAY_PER_USE, "CNY", later.minusSeconds(1)).unitPrice())
                .isEqualByComparingTo("7.35");
        // 30.00 / 4 = 7.50 from the instant the card's second version takes effect
        assertThat(book.inForce("q", "r1", BillingMode.PAY_PER_USE, "CNY", later).unitPrice())
                .isEqualByComparingTo("7.50");
        // a month of the card 15876 / 4 = 3969
        assertThat(book.inForce("q", "r1", BillingMode.YEARLY_MONTHLY, "CNY", Unit.MONTH, T0).unitPrice())
                .isEqualByComparingTo("3969");
        // the card itself is untouched
        assertThat(book.inForce("card", "r1", BillingMode.PAY_PER_USE, "CNY", T0).unitPrice())
                .isEqualByComparingTo("29.40");
    }
}
