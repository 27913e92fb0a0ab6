package io.tollgate.subscription;

import io.tollgate.shared.Failure;
import io.tollgate.subscription.store.SubscriptionStore;
import org.springframework.stereotype.Component;

/**
 * The idempotency of order requests, in one place: a key answers with its first order when the
 * request is the same and is refused (409) when it is another; a new order claims its key.
 */
@Component
class OrderKeys {
    private final SubscriptionStore store;

    OrderKeys(SubscriptionStore store) {
        this.store = store;
    }

    /** The first result again for the same key and request, or null when the key is new. */
    SubscriptionService.OrderResult replay(String customerId, String key, String hash) {
        var owner = store.keyOwner(customerId, key);
        if (owner.isEmpty()) {
            return null;
        }
        if (!owner.get()[1].equals(hash)) {
            throw Failure.conflict("idempotency-key-reused", "Idempotency-Key " + key + " was used for another request");
        }
        return new SubscriptionService.OrderResult(store.order(Long.parseLong(owner.get()[0])).orElseThrow(), true);
    }

    /** Inserts a new order under its key and returns its id; a key taken meanwhile by a concurrent request is a 409. */
    long insert(Order draft, String key, String hash) {
        return store.insertOrder(draft, key, hash).orElseThrow(() -> Failure.conflict("idempotency-key-reused",
                "Idempotency-Key " + key + " was used concurrently; retry to read its result"));
    }
}
