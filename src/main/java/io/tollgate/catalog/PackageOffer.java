package io.tollgate.catalog;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the operator sells as a resource package: a quota of a usage meter (in its price units)
 * or of the node-hours of a compute spec, valid for a number of months from its start, given
 * once (TOTAL) or afresh every month (MONTHLY), at a price. An offer never changes once created
 * except for being withdrawn: a package sold from it always reads as it was sold.
 */
public record PackageOffer(String code, String name, Quota quota, int validityMonths, Sale sale, Status status,
                           Instant createdAt, Instant withdrawnAt) {
    public enum Status { ON_SALE, WITHDRAWN }

    public enum Period { MONTHLY, TOTAL }

    public enum CoverKind { METER, COMPUTE_SPEC }

    /** What a package of the offer covers: {@code covers} is a meter code or a compute spec code. */
    public record Quota(String covers, CoverKind coverKind, String serviceType, BigDecimal quantity, Period period) {
    }

    /** Its price, and where and when it is sold: {@code region} null for every region, {@code sellableUntil} null for no end. */
    public record Sale(BigDecimal price, String currency, String region, Instant sellableFrom, Instant sellableUntil) {
    }

    /** Whether a customer may buy it at {@code at}: on sale, and inside [sellableFrom, sellableUntil). */
    public boolean sellableAt(Instant at) {
        return status == Status.ON_SALE && !at.isBefore(sale.sellableFrom())
                && (sale.sellableUntil() == null || at.isBefore(sale.sellableUntil()));
    }
}
