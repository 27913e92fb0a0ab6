package io.tollgate.customer;

/**
 * What an API key may do. Operators run the catalog and customers; the platform reports events
 * and usage; a customer admin acts for one customer; customer finance reads that customer's
 * balance and bills and changes nothing.
 */
public enum Role {
    OPERATOR, PLATFORM, CUSTOMER_ADMIN, CUSTOMER_FINANCE;

    public boolean customerScoped() {
        return this == CUSTOMER_ADMIN || this == CUSTOMER_FINANCE;
    }
}
