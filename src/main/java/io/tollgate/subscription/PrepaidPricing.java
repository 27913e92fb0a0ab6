package io.tollgate.subscription;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.core.Term;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Prices of prepaid terms from the catalog: months at the MONTH price, years at the YEAR price
 * (the term discount), or 12 months when a spec has no YEAR price; per node of a compute spec, or
 * per GB of a storage spec (GB_MONTH, GB_YEAR). A resource type with an attached disk (a
 * dedicated pool's disk) adds the disk's GB price x its size: the disk follows the pool's mode
 * and is paid in the pool's order. The exact sum is rounded once, half-up to the cent.
 */
@Component
class PrepaidPricing {
    /** The monthly basis of a yearly term (YEAR price / 12) keeps the intermediate 8 decimals. */
    static final int MONTHLY_BASIS_SCALE = 8;
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

    private final CatalogService catalog;

    PrepaidPricing(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** The price of {@code quantity} nodes (or GB) of {@code spec} for {@code term}, with the type's disk. */
    BigDecimal termPrice(ResourceType type, String spec, String region, String currency, Term term, int quantity,
                         Instant at) {
        PriceBook book = catalog.priceBook();
        BigDecimal exact = perUnit(book, spec, region, currency, term, at).multiply(BigDecimal.valueOf(quantity));
        if (type.diskSpecCode() != null && type.diskGb() != null) {
            exact = exact.add(perUnit(book, type.diskSpecCode(), region, currency, term, at)
                    .multiply(BigDecimal.valueOf(type.diskGb())));
        }
        return exact.setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * The monthly price of {@code quantity} nodes (or GB), the basis of spec-change pro-rating: for
     * a term in years, the YEAR price / 12 (so a yearly term's change keeps its discount), else the
     * MONTH price. The attached disk does not change with the spec, so it is left out of both sides.
     */
    BigDecimal monthlyPrice(String spec, String region, String currency, int quantity, Term.TermUnit unit,
                            Instant at) {
        PriceBook book = catalog.priceBook();
        SpecKind kind = catalog.spec(spec).kind();
        PriceVersion yearly = unit == Term.TermUnit.YEAR
                ? book.inForce(spec, region, BillingMode.YEARLY_MONTHLY, currency, Unit.year(kind), at) : null;
        BigDecimal perUnit = yearly != null
                ? yearly.unitPrice().divide(TWELVE, MONTHLY_BASIS_SCALE, RoundingMode.HALF_UP)
                : monthly(book, spec, kind, region, currency, at);
        return perUnit.multiply(BigDecimal.valueOf(quantity));
    }

    private BigDecimal perUnit(PriceBook book, String spec, String region, String currency, Term term, Instant at) {
        SpecKind kind = catalog.spec(spec).kind();
        PriceVersion yearly = term.unit() == Term.TermUnit.YEAR
                ? book.inForce(spec, region, BillingMode.YEARLY_MONTHLY, currency, Unit.year(kind), at) : null;
        if (yearly != null) {
            return yearly.unitPrice().multiply(BigDecimal.valueOf(term.count()));
        }
        return monthly(book, spec, kind, region, currency, at).multiply(BigDecimal.valueOf(term.months()));
    }

    private static BigDecimal monthly(PriceBook book, String spec, SpecKind kind, String region, String currency,
                                      Instant at) {
        PriceVersion p = book.inForce(spec, region, BillingMode.YEARLY_MONTHLY, currency, Unit.month(kind), at);
        if (p == null) {
            throw Failure.unprocessable("no-price", "no yearly/monthly price in " + currency + " for " + spec + " in "
                    + region);
        }
        return p.unitPrice();
    }
}
