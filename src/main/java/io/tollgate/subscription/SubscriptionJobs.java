package io.tollgate.subscription;

import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import io.tollgate.notify.OutboxService;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.BillingMode;
import io.tollgate.subscription.core.Term;
import io.tollgate.subscription.store.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The time-driven part of subscriptions: automatic renewal attempts (at their due time, each
 * recorded and published, success or not) and expiries (the term ran out: grace begins, or the
 * resource turns pay-per-use when that was asked). Rows are claimed with SKIP LOCKED.
 */
@Service
public class SubscriptionJobs {
    private static final int BATCH = 200;

    private final SubscriptionStore store;
    private final SubscriptionService subscriptions;
    private final ResourceService resources;
    private final OutboxService outbox;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    public SubscriptionJobs(SubscriptionStore store, SubscriptionService subscriptions, ResourceService resources,
                            OutboxService outbox, ApplicationEventPublisher events, Clock clock,
                            PlatformTransactionManager transactions) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.resources = resources;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Runs the attempts and expiries due now; returns how many it handled. */
    public int runDue() {
        return runDue(JobItems.STRICT);
    }

    /**
     * As {@link #runDue()}, one subscription's failure rolling back only its attempt or expiry
     * (reported to {@code items} as {@code attempt:<resource>} or {@code expiry:<resource>}).
     */
    public int runDue(JobItems items) {
        int handled = 0;
        Instant now = clock.instant();
        while (true) {
            Batches.Done n = Batches.run(tx, () -> store.claimDueAttempts(now, BATCH, held(items, "attempt:")),
                    s -> "attempt:" + s.resourceId(), key -> store.claimDueAttempt(now, key.substring(8)),
                    due -> attempts(due), items);
            if (n.items() == 0) {
                break;
            }
            handled += n.items();
        }
        while (true) {
            Batches.Done n = Batches.run(tx, () -> store.claimExpired(now, BATCH, held(items, "expiry:")),
                    s -> "expiry:" + s.resourceId(), key -> store.claimExpiredOne(now, key.substring(7)),
                    due -> expiries(due), items);
            if (n.items() == 0) {
                break;
            }
            handled += n.items();
        }
        return handled;
    }

    private static List<String> held(JobItems items, String prefix) {
        return items.held().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }

    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    private long attempts(List<Subscription> due) {
        for (Subscription s : due) {
            subscriptions.attemptRenewal(s, s.nextAttemptAt());
        }
        return due.size();
    }

    private long expiries(List<Subscription> due) {
        for (Subscription s : due) {
            Instant ended = Term.endExclusive(s.expiresAt());
            if (s.convertToPayPerUse()) {
                resources.changeMode(s.resourceId(), BillingMode.PAY_PER_USE, ended);
                store.updateSubscription(SubscriptionService.with(s, s.specCode(), s.nodes(), s.expiresAt(),
                        "CONVERTED", false, true, null));
                outbox.append("subscription:" + s.resourceId() + ":converted", "subscription.converted",
                        s.customerId(), s.resourceId(), Map.of("at", ended.toString()), ended);
            } else {
                store.updateSubscription(SubscriptionService.with(s, s.specCode(), s.nodes(), s.expiresAt(), "EXPIRED",
                        s.autoRenew(), false, null));
                events.publishEvent(new TermExpired(s.resourceId(), s.customerId(), ended));
            }
        }
        return due.size();
    }
}
