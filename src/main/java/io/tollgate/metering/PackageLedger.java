package io.tollgate.metering;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Resource packages: prepaid quotas of a meter consumed before pay-per-use. This first cut holds
 * no packages, so nothing is consumed; the package issue fills it in.
 */
@Component
public class PackageLedger {
    /** Consumes up to {@code quantity} price units of the customer's packages for the meter; returns what it took. */
    public BigDecimal consume(String customerId, String meter, BigDecimal quantity, Instant at) {
        return BigDecimal.ZERO;
    }
}
