package io.tollgate.subscription;

import io.tollgate.metering.PackageService;
import io.tollgate.metering.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Carries out a paid PACKAGE order: creates the resource package it bought, from what the order
 * recorded of its offer when it was placed (so a package bought while the offer was on sale is
 * delivered as sold, even when the order was paid later). The package is valid from the payment
 * (or the chosen start, when later) for the offer's months.
 */
@Component
class PackageDelivery {
    private final PackageService packages;

    PackageDelivery(PackageService packages) {
        this.packages = packages;
    }

    /** Creates the order's package; returns its validity [startsAt, expiresAt) for the order row. */
    Instant[] deliver(Order order) {
        var d = order.details();
        Object start = d.get("startsAt");
        ResourcePackage p = packages.sell(order.customerId(), new PackageService.Sale(order.resourceId(),
                order.specCode(), (String) d.get("offerName"), new BigDecimal((String) d.get("quantity")),
                ResourcePackage.Period.valueOf((String) d.get("period")),
                start == null ? null : Instant.parse((String) start), order.termCount(),
                new ResourcePackage.Origin((String) d.get("offerCode"), order.id())));
        return new Instant[] {p.startsAt(), p.expiresAt()};
    }
}
