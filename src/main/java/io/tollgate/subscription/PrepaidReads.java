package io.tollgate.subscription;

import io.tollgate.subscription.store.SubscriptionStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** What billing reads of prepaid money: the orders paid in a month and the slices amortization spreads. */
@Service
public class PrepaidReads {
    private final SubscriptionStore store;

    PrepaidReads(SubscriptionStore store) {
        this.store = store;
    }

    /** The customer's paid orders with payment (or refund) time in [from, to), by id after {@code afterId}. */
    public List<Order> paidOrders(String customerId, Instant from, Instant to, long afterId, int limit) {
        return store.paidOrders(customerId, from, to, afterId, limit);
    }

    /** The slices overlapping [from, to) or refunded in it, optionally of one resource. */
    public List<TermSlice> slices(String customerId, Instant from, Instant to, String resourceId) {
        return store.slices(customerId, from, to, resourceId);
    }
}
