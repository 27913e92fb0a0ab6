package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What a coupon may pay: each set, when not empty, lists the values allowed (service types,
 * resource types, billing modes PAY_PER_USE or PREPAID, order types NEW, RENEWAL, CHANGE,
 * MODE_CHANGE, regions); {@code minAmount}, when set, is the least list amount of an order it pays.
 */
public record Restrictions(Set<String> serviceTypes, Set<String> resourceTypes, Set<String> billingModes,
                           Set<String> orderTypes, Set<String> regions, BigDecimal minAmount) {
    public Restrictions {
        serviceTypes = Set.copyOf(serviceTypes);
        resourceTypes = Set.copyOf(resourceTypes);
        billingModes = Set.copyOf(billingModes);
        orderTypes = Set.copyOf(orderTypes);
        regions = Set.copyOf(regions);
    }

    public static Restrictions none() {
        return new Restrictions(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null);
    }
}
