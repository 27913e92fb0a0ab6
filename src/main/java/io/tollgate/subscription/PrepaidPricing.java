package io.tollgate.subscription;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.PriceVersion;
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
 * (the term discount), or 12 months when a spec has no YEAR price; per node, at the cent.
 */
@Component
class PrepaidPricing {
    private final CatalogService catalog;

    PrepaidPricing(CatalogService catalog) {
        this.catalog = catalog;
    }

    BigDecimal termPrice(String spec, String region, String currency, Term term, int nodes, Instant at) {
        PriceBook book = catalog.priceBook();
        BigDecimal perNode;
        PriceVersion yearly = term.unit() == Term.TermUnit.YEAR
                ? book.inForce(spec, region, BillingMode.YEARLY_MONTHLY, currency, Unit.YEAR, at) : null;
        if (yearly != null) {
            perNode = yearly.unitPrice().multiply(BigDecimal.valueOf(term.count()));
        } else {
            perNode = monthly(book, spec, region, currency, at).multiply(BigDecimal.valueOf(term.months()));
        }
        return perNode.multiply(BigDecimal.valueOf(nodes)).setScale(2, RoundingMode.HALF_UP);
    }

    /** The monthly price of {@code nodes} nodes, the basis of spec-change pro-rating. */
    BigDecimal monthlyPrice(String spec, String region, String currency, int nodes, Instant at) {
        return monthly(catalog.priceBook(), spec, region, currency, at).multiply(BigDecimal.valueOf(nodes));
    }

    private static BigDecimal monthly(PriceBook book, String spec, String region, String currency, Instant at) {
        PriceVersion p = book.inForce(spec, region, BillingMode.YEARLY_MONTHLY, currency, Unit.MONTH, at);
        if (p == null) {
            throw Failure.unprocessable("no-price", "no yearly/monthly price in " + currency + " for " + spec + " in "
                    + region);
        }
        return p.unitPrice();
    }
}
