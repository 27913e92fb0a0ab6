package io.tollgate.catalog;

import io.tollgate.shared.BillingMode;

/**
 * The pricing unit of a price. Pay-per-use prices are per node-hour or per GB-hour of capacity;
 * yearly/monthly (prepaid) prices are per node or per GB for a month or for a year of term. A
 * yearly price carries the term discount, e.g. 10 x the monthly price.
 */
public enum Unit {
    HOUR(BillingMode.PAY_PER_USE, SpecKind.COMPUTE),
    GB_HOUR(BillingMode.PAY_PER_USE, SpecKind.STORAGE),
    MONTH(BillingMode.YEARLY_MONTHLY, SpecKind.COMPUTE),
    YEAR(BillingMode.YEARLY_MONTHLY, SpecKind.COMPUTE),
    GB_MONTH(BillingMode.YEARLY_MONTHLY, SpecKind.STORAGE),
    GB_YEAR(BillingMode.YEARLY_MONTHLY, SpecKind.STORAGE);

    private final BillingMode mode;
    private final SpecKind specKind;

    Unit(BillingMode mode, SpecKind specKind) {
        this.mode = mode;
        this.specKind = specKind;
    }

    /** The billing mode whose prices are in this unit. */
    public BillingMode mode() {
        return mode;
    }

    /** The kind of spec this unit prices: nodes of a compute flavor, or GB of a storage class. */
    public SpecKind specKind() {
        return specKind;
    }

    /** The prepaid unit of a term of one month for a spec of this kind. */
    public static Unit month(SpecKind kind) {
        return kind == SpecKind.STORAGE ? GB_MONTH : MONTH;
    }

    /** The prepaid unit of a term of one year for a spec of this kind. */
    public static Unit year(SpecKind kind) {
        return kind == SpecKind.STORAGE ? GB_YEAR : YEAR;
    }

    /** The pay-per-use unit for a spec of this kind. */
    public static Unit hour(SpecKind kind) {
        return kind == SpecKind.STORAGE ? GB_HOUR : HOUR;
    }
}
